import { GAP, Lines, NBSP, printedDate, renderPage } from '../../core/print/printable-page';
import { CHANNEL_LABELS, INDUSTRY_LABELS, SKILL_LEVEL_LABELS, STAGE_LABELS } from './application-rules';
import type { SkillLevel } from './entities/selection-application.entity';
import type { ApplicationRow } from './selection.repository';

const STYLE = `
  body { font-family: "SimSun", "Songti SC", serif; margin: 2cm; }
  h1 { text-align: center; font-size: 20pt; } h2 { font-size: 14pt; margin-top: 18px; }
  table { width: 100%; border-collapse: collapse; }
  td { border: 1px solid #000; padding: 8px; vertical-align: top; font-size: 12pt; }
  td.label { width: 18%; text-align: center; vertical-align: middle; }
  .sign { text-align: right; margin-top: 18px; }
  .cover p { font-size: 14pt; }
  @media print { body { margin: 1.5cm; } h2 { page-break-after: avoid; } }
`;

/** A date still to be written by hand leaves room for it. */
function dateOf(at: Date | null): string {
  return at ? printedDate(at) : `${NBSP.repeat(4)}年${NBSP.repeat(2)}月${NBSP.repeat(2)}日`;
}

/** One section of free text, in a single bordered cell. */
function TextBox({ text }: { text: string | null }) {
  return (
    <table>
      <tr>
        <td>
          <Lines text={text} />
          {NBSP}
        </td>
      </tr>
    </table>
  );
}

/**
 * 松江区首席技师申报表 (policy 003, 附件1), filled in with what the service holds, for printing.
 * The ID number is masked (SPEC §8); the birth month is printed only for the district office.
 */
export function renderApplicationForm(a: ApplicationRow, birthMonth: string | null): string {
  const skill = `${SKILL_LEVEL_LABELS[a.skill_level as SkillLevel]}${a.skill_recognised_by ? `（认定：${a.skill_recognised_by}）` : ''}`;
  const recommendation = a.recommendation ? `${a.recommendation === 'recommend' ? '同意推荐' : '不同意推荐'}。${a.recommendation_comment ?? ''}` : '';
  const eligibility = a.eligibility ? `${a.eligibility === 'eligible' ? '资格审查通过' : '资格审查未通过'}。${a.eligibility_reasons ?? ''}${a.false_material ? '（提供虚假材料）' : ''}` : '';
  const body = (
    <>
      <h1>
        松江区首席技师（{a.cohort}年）
        <br />申 报 表
      </h1>
      <div class="cover">
        <p>推荐方式：{CHANNEL_LABELS[a.channel]}</p>
        <p>姓{GAP}{GAP}名：{a.talent_name}</p>
        <p>推荐单位：{a.channel === 'employer' ? a.employer_name : a.recommender_name}</p>
        <p>所属系统：{a.employer_sector === 'public_institution' ? '事业单位' : '企业'}</p>
        <p>上级单位：{a.recommender_name}</p>
      </div>
      <h2>一、单位基本情况</h2>
      <table>
        <tr><td class="label">单位名称</td><td>{a.employer_name}</td><td class="label">统一信用代码</td><td>{a.employer_credit_code}</td></tr>
        <tr><td class="label">单位性质</td><td colSpan={3}>{a.employer_sector === 'public_institution' ? '事业' : '企业'}</td></tr>
      </table>
      <h2>二、申报人员基本信息</h2>
      <table>
        <tr><td class="label">姓名</td><td>{a.talent_name}</td><td class="label">性别</td><td>{a.gender === 'male' ? '男' : '女'}</td></tr>
        <tr><td class="label">出生年月</td><td>{birthMonth}</td><td class="label">身份证号</td><td>{a.id_number_masked}</td></tr>
        <tr><td class="label">职务（岗位）</td><td>{a.post}</td><td class="label">从事专业（工种）</td><td>{a.occupation}</td></tr>
        <tr><td class="label">最高技能等级</td><td>{skill}</td><td class="label">所属产业</td><td>{INDUSTRY_LABELS[a.industry]}</td></tr>
        <tr><td class="label">手机号码</td><td>{a.phone_masked}</td><td class="label">已认定人才类别</td><td><Lines text={a.other_titles} /></td></tr>
      </table>
      <h2>五、近五年获奖情况（区级以上）</h2>
      <TextBox text={a.awards} />
      <h2>六、近五年获得知识产权情况</h2>
      <TextBox text={a.patents} />
      <h2>八、主要业绩与贡献</h2>
      <TextBox text={a.achievements} />
      <h2>九、带领团队情况</h2>
      <TextBox text={a.team} />
      <h2>单位支持措施（工作室/团队、津贴、培训经费）</h2>
      <TextBox text={a.employer_support} />
      <h2>十、审核意见</h2>
      <table>
        <tr>
          <td class="label">劳动人事关系<br />所在单位意见</td>
          <td>
            <p>{a.channel === 'employer' ? '单位推荐' : ''}</p>
            <p class="sign">{a.employer_name}（盖章）{GAP}{dateOf(a.filed_at)}</p>
          </td>
        </tr>
        <tr>
          <td class="label">单位所在地（属）<br />街镇（主管部门）意见</td>
          <td>
            <p>{recommendation}</p>
            <p class="sign">{a.recommender_name}（盖章）{GAP}{dateOf(a.recommended_at)}</p>
          </td>
        </tr>
        <tr>
          <td class="label">区企业职工职业培训<br />工作协调小组办公室意见</td>
          <td>
            <p>{eligibility}</p>
            <p class="sign">（盖章）{GAP}{dateOf(a.eligibility_at)}</p>
          </td>
        </tr>
      </table>
      <p>当前环节：{STAGE_LABELS[a.stage] ?? a.stage}</p>
    </>
  );
  return renderPage(`松江区首席技师申报表 — ${a.talent_name}`, STYLE, body);
}
