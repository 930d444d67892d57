import type { ApplicationRow } from '../../src/modules/selection/selection.repository';
import { renderApplicationForm } from '../../src/modules/selection/application-form.renderer';
import { renderPublicityList, renderScoreSheets } from '../../src/modules/selection-review/review-papers';
import type { ReviewApplicationRow, ScoreRow } from '../../src/modules/selection-review/selection-review.repository';
import type { ChangeRequestRow } from '../../src/modules/workshops/change-requests.repository';
import { renderChangeRequestForm } from '../../src/modules/workshops/change-request-form.renderer';
import { decodeEntities } from '../support/html';

/**
 * Issue 19.8: the printable forms are rendered by preact-render-to-string,
 * which escapes every text, instead of string concatenation with a
 * hand-written esc(). Each text a user typed is put in every field at once.
 */
const EVIL = `<script>alert("x")</script> & 'co'`;

/** The tags the forms are made of: any other `<` in a page would be the user's text turned into markup. */
const FORM_TAGS = /^<(!doctype html|\/?(html|head|meta|title|style|body|h1|h2|div|p|section|table|tr|td|th|br)\b)/;

function expectNoMarkupFromText(html: string): void {
  for (const at of [...html.matchAll(/</g)].map((m) => m.index)) expect(html.slice(at, at + 20)).toMatch(FORM_TAGS);
  // every & opens an entity: the user's & is written &amp;
  expect(html.match(/&(?!(lt|gt|amp|quot|#39|#\d+);)/g)).toBeNull();
  expect(html).not.toContain('<script');
}

/** Text as a browser shows it: tags dropped, entities decoded. */
function shown(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ' ').replace(/ +/g, ' '));
}

const at = new Date('2027-01-04T20:00:00Z'); // 2027-01-05 in Shanghai

describe('the printable forms escape what users typed', () => {
  it('申报表: a talent, employer and comments with <script> and & print as text', () => {
    const row = {
      cohort: '2027',
      talent_name: `张三${EVIL}`,
      id_number_masked: '31**************12',
      gender: 'male',
      phone_masked: '138****0000',
      employer_name: `上海松江${EVIL}有限公司`,
      employer_credit_code: '91310117MA1J000000',
      employer_sector: 'enterprise',
      recommender_name: `泗泾镇${EVIL}`,
      channel: 'employer',
      stage: 'filed',
      occupation: `钳工${EVIL}`,
      skill_level: 'equivalent',
      skill_recognised_by: `市局${EVIL}`,
      post: `班组长${EVIL}`,
      industry: 'manufacturing',
      achievements: `第一行${EVIL}\n第二行`,
      awards: EVIL,
      patents: EVIL,
      team: EVIL,
      other_titles: EVIL,
      employer_support: EVIL,
      filed_at: at,
      recommendation: 'recommend',
      recommendation_comment: `推荐${EVIL}`,
      recommended_at: null,
      eligibility: 'eligible',
      eligibility_reasons: `符合${EVIL}`,
      false_material: false,
      eligibility_at: at,
    } as unknown as ApplicationRow;
    const html = renderApplicationForm(row, `1980-05${EVIL}`);
    expectNoMarkupFromText(html);
    expect(html).toMatch(/^<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"\/?><title>/);
    expect(shown(/<title>([\s\S]*?)<\/title>/.exec(html)![1])).toBe(`松江区首席技师申报表 — 张三${EVIL}`);
    const text = shown(html);
    for (const typed of [`张三${EVIL}`, `上海松江${EVIL}有限公司`, `1980-05${EVIL}`, `钳工${EVIL}`, `（认定：市局${EVIL}）`, `同意推荐。推荐${EVIL}`, `资格审查通过。符合${EVIL}`]) expect(text).toContain(typed);
    expect(html).toMatch(/第一行[^<]*<br\/?>第二行/); // multi-line text keeps its lines
    expect(text).toContain('（盖章）\u30002027年1月5日');
    expect(text).toContain('（盖章）\u3000\u00a0\u00a0\u00a0\u00a0年\u00a0\u00a0月\u00a0\u00a0日'); // not yet recommended: room to write the date
  });

  it('变更申请表: a workshop name, reason and opinions with <script> and & print as text', () => {
    const row = {
      status: 'approved',
      action: 'change_lead',
      reason: 'other',
      reason_detail: `调往外省${EVIL}`,
      workshop_name: `张工匠${EVIL}工作室`,
      employer_name: EVIL,
      member_count: 0,
      address: EVIL,
      lead_name: `李四${EVIL}`,
      new_lead_name: `王五${EVIL}`,
      contact_name: EVIL,
      union_name: `单位工会${EVIL}`,
      district_union_name: `区总工会${EVIL}`,
      union_decision: 'approve',
      union_comment: `情况属实${EVIL}`,
      union_decided_at: at,
      city_decision: 'reject',
      city_comment: `不同意，${EVIL}`,
      city_office_name: null,
      city_decided_at: at,
    } as unknown as ChangeRequestRow;
    const html = renderChangeRequestForm(row, at, `021${EVIL}`);
    expectNoMarkupFromText(html);
    const text = shown(html);
    for (const typed of [`张工匠${EVIL}工作室`, `其他：调往外省${EVIL}`, `原领衔人 李四${EVIL}`, `王五${EVIL}（2027年1月5日起）`, `021${EVIL}`, `同意。情况属实${EVIL}`, `区总工会${EVIL}\u30002027年1月5日`, `不同意，${EVIL}`]) {
      expect(text).toContain(typed);
    }
    expect(text).toContain('人数 0'); // a count of 0 is printed, not left blank
    expect(text).toContain('市工匠创新工作室创建命名办公室\u30002027年1月5日');
  });

  it('评审表 and 公示名单: names, employers and opinions with <script> and & print as text', () => {
    const app = { name: `张三${EVIL}`, employer_name: EVIL, street_name: EVIL, occupation: EVIL, skill_level: 'equivalent', skill_recognised_by: EVIL, post: EVIL } as unknown as ReviewApplicationRow;
    const score = { items: {}, total: 84, opinion: `技能突出${EVIL}`, scored_at: at } as unknown as ScoreRow;
    const sheets = renderScoreSheets(app, [{ expertName: `专家${EVIL}`, score }, { expertName: null, score: null }]);
    expectNoMarkupFromText(sheets);
    expect(sheets.match(/<section class="sheet">/g)).toHaveLength(2);
    expect(sheets).toContain('<td class="c">84</td>');
    const text = shown(sheets);
    for (const typed of [`张三${EVIL}`, `同等水平（${EVIL}认定）`, `专家总体评价意见：技能突出${EVIL}`, `专家${EVIL}\u3000\u3000日期：2027年1月5日`]) expect(text).toContain(typed);

    const list = renderPublicityList({ cohort: `2027${EVIL}`, startsOn: '2027-09-29', endsOn: '2027-10-11', items: [{ name: `张三${EVIL}`, employerName: EVIL, occupation: EVIL, skillLevel: 'technician', skillRecognisedBy: null } as never] }, 5);
    expectNoMarkupFromText(list);
    expect(shown(list)).toContain(`2027${EVIL}届松江区首席技师拟入选人员公示名单`);
    expect(shown(list)).toContain(`张三${EVIL}`);
    expect(shown(list)).toContain('公示时间：2027-09-29 至 2027-10-11（5个工作日）');
  });
});
