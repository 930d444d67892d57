import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import { mailBody } from '../../core/mail/mail-body';
import { MailOutbox } from '../../core/mail/mail-outbox.service';
import { CHANNEL_LABELS, INDUSTRY_LABELS, SKILL_LEVEL_LABELS } from './application-rules';
import type { SkillLevel } from './entities/selection-application.entity';
import type { ApplicationRow } from './selection.repository';

/** The mails of a round: to the street or industry authority whose queue an application enters, and its reminder. */
@Injectable()
export class SelectionMails {
  constructor(
    private readonly outbox: MailOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sent in the filing's transaction: the mail exists if and only if the application does. */
  async arrived(manager: EntityManager, a: ApplicationRow): Promise<void> {
    await this.toRecommender(manager, a, 'selection.recommendation_requested', '待出具推荐意见');
  }

  async reminder(manager: EntityManager, a: ApplicationRow, days: number): Promise<void> {
    await this.toRecommender(manager, a, 'selection.recommendation_reminder', `已等待${days}天，请尽快出具推荐意见`);
  }

  private async toRecommender(manager: EntityManager, a: ApplicationRow, purpose: string, state: string): Promise<void> {
    // No ID number or phone in a mail: name, employer and the application's fields suffice to find it.
    const lines = [
      `松江区首席技师选拔（${a.cohort}届）申报：${state}`,
      '',
      `  申报人：${a.talent_name}`,
      `  工作单位：${a.employer_name}`,
      `  申报渠道：${CHANNEL_LABELS[a.channel]}`,
      `  工种 / 技能等级：${a.occupation} / ${SKILL_LEVEL_LABELS[a.skill_level as SkillLevel]}`,
      `  所属产业：${INDUSTRY_LABELS[a.industry]}`,
      `  推荐单位：${a.recommender_name}`,
      '',
      `申报表：${this.config.publicUrl}/#/recommendations`,
    ];
    await this.outbox.enqueue(manager, {
      purpose,
      dedupeKey: `${purpose}:${a.id}`,
      to: { organizationId: a.recommender_id },
      subject: `【松江区首席技师选拔】${state}：${a.talent_name}（${a.employer_name}）`,
      ...mailBody(lines),
    });
  }
}
