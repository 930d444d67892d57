import { mailBody } from '../../core/mail/mail-body';
import type { MailMessage } from '../../core/mail/mail-outbox.service';
import type { TaskRow } from './assessment-tasks.repository';
import { ASSESSMENT_KIND } from '../../../web/src/shared/labels';

export const KIND_LABELS = ASSESSMENT_KIND;
const PROGRAMME = '【松江区首席技师】';

const body = mailBody;

function who(t: TaskRow): string {
  return `${t.talent_name}（${t.employer_name}）`;
}

/** SPEC §3.4 e-mails, each once per task and purpose (dedupe key). */
export const assessmentMails = {
  opened(t: TaskRow, link: string): MailMessage {
    const label = KIND_LABELS[t.kind];
    return {
      purpose: 'assessment.opened',
      dedupeKey: `assessment.opened:${t.id}`,
      to: { organizationId: t.organizer_id },
      subject: `${PROGRAMME}${label}待办：${who(t)}，截止 ${t.due_on}`,
      ...body([`${t.organizer_name}：`, '', `请组织首席技师${label}：`, `  人员：${who(t)}`, `  截止日期：${t.due_on}`, '', `办理入口：${link}`]),
    };
  },
  reminder(t: TaskRow, link: string): MailMessage {
    const label = KIND_LABELS[t.kind];
    return {
      purpose: 'assessment.reminder',
      dedupeKey: `assessment.reminder:${t.id}`,
      to: { organizationId: t.organizer_id },
      subject: `${PROGRAMME}${label}即将截止：${who(t)}，截止 ${t.due_on}`,
      ...body([`${t.organizer_name}：`, '', `首席技师${label}将于 ${t.due_on} 截止，尚未录入结果：`, `  人员：${who(t)}`, '', `办理入口：${link}`]),
    };
  },
  escalation(t: TaskRow, link: string, daysOverdue: number): MailMessage {
    const label = KIND_LABELS[t.kind];
    return {
      purpose: 'assessment.escalation',
      dedupeKey: `assessment.escalation:${t.id}`,
      to: { organizationKind: 'district_office' },
      subject: `${PROGRAMME}${label}逾期 ${daysOverdue} 天：${who(t)}（组织单位：${t.organizer_name}）`,
      ...body([
        '区协调小组办公室：',
        '',
        `以下首席技师${label}已逾期 ${daysOverdue} 天仍未录入结果，请督办：`,
        `  人员：${who(t)}`,
        `  组织单位：${t.organizer_name}`,
        `  截止日期：${t.due_on}`,
        '',
        `查看：${link}`,
      ]),
    };
  },
};
