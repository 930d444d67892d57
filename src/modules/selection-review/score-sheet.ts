import type { RowConstraint } from '../../core/sheet/row-errors';

/**
 * The 100-point sheet of 003 附件3 (松江区首席技师选拔与培养专家评审表) and how an
 * application's score comes out of its experts' sheets (SPEC §3.8 step 4).
 * Pure: no database, no clock.
 */

export const SCORE_GROUPS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export type ScoreGroup = (typeof SCORE_GROUPS)[number];

export interface ScoreItem {
  key: string;
  group: ScoreGroup;
  max: number;
  /** 评分内容, as the sheet words it. */
  text: string;
}

export const SCORE_ITEMS = [
  { key: 'A1', group: 'A', max: 5, text: '具有技师及以上职业资格（或由行业专家认定的具有同等水平的技能人才）' },
  { key: 'A2', group: 'A', max: 5, text: '被单位聘任在相应岗位工作（专岗匹配）' },
  { key: 'A3', group: 'A', max: 10, text: '属于 G60 科创走廊紧缺工种技能人才' },
  { key: 'B1', group: 'B', max: 10, text: '长期在一线岗位上直接从事生产技术工作，具有丰富的实践经验，掌握关键技术（绝技绝活）' },
  { key: 'B2', group: 'B', max: 10, text: '擅长运用新技术新工艺，解决生产过程中的实际问题' },
  { key: 'B3', group: 'B', max: 10, text: '在传技带徒、培养技能人才等方面成绩显著' },
  { key: 'C1', group: 'C', max: 10, text: '获得市级以上技能比赛、技术比武等奖项' },
  { key: 'C2', group: 'C', max: 10, text: '获得区级以上科技进步奖、国家专利等' },
  { key: 'D', group: 'D', max: 5, text: '人工智能、集成电路、生物医药、智慧安防、新能源、新材料等行业及现代服务业' },
  { key: 'E', group: 'E', max: 5, text: '已建立首席技师工作室或项目班组等工作团队，并已为其提供资金、场地、设备、设施、人员等方面的支持' },
  { key: 'F', group: 'F', max: 10, text: '实行高技能人才岗位津贴或给予其它薪酬待遇激励，并为高技能人才交流学习、培训进修、体检休养等创造条件' },
  { key: 'G', group: 'G', max: 5, text: '按规定提取职工教育经费并对职工开展培训，积极开展企业内技能人才培养和评价' },
  { key: 'H', group: 'H', max: 5, text: '国家级人才、市级人才、区领军、拔尖人才、区首席教师、区首席医生、区青年英才及其他人才' },
] as const satisfies readonly ScoreItem[];

export type ScoreItemKey = (typeof SCORE_ITEMS)[number]['key'];
export type ScoreItems = Record<ScoreItemKey, number>;
export const SCORE_ITEM_KEYS: readonly ScoreItemKey[] = SCORE_ITEMS.map((i) => i.key);

/** 指标 and 要素 of each group, for the printed sheet and the console. */
export const SCORE_GROUP_NAMES: Record<ScoreGroup, string> = {
  A: '个人条件',
  B: '技能水平',
  C: '获奖情况',
  D: '产业方向',
  E: '工作团队',
  F: '人才待遇',
  G: '重视培训',
  H: '已认定人才类别',
};

export const SHEET_MAXIMUM = SCORE_ITEMS.reduce((sum, i) => sum + i.max, 0);

export interface ScoreItemError {
  field: string;
  /** The row-error code (src/core/sheet/row-errors.ts) the console words in Chinese. */
  constraint: Extract<RowConstraint, 'invalidScore' | 'unknownItem'>;
  message: string;
}

/**
 * Checks a sheet: every item present, a whole number from 0 to its maximum,
 * nothing else. Returns the items or one error per bad item, each naming it.
 */
export function checkScoreItems(items: unknown): { items: ScoreItems } | { errors: ScoreItemError[] } {
  if (typeof items !== 'object' || items === null || Array.isArray(items)) {
    return { errors: [{ field: 'items', constraint: 'invalidScore', message: `items must be an object with the items ${SCORE_ITEM_KEYS.join(', ')}` }] };
  }
  const given = items as Record<string, unknown>;
  const errors: ScoreItemError[] = [];
  for (const key of Object.keys(given)) {
    if (!(SCORE_ITEM_KEYS as readonly string[]).includes(key)) errors.push({ field: `items.${key}`, constraint: 'unknownItem', message: `items.${key} is not an item of the score sheet` });
  }
  const checked = {} as ScoreItems;
  for (const item of SCORE_ITEMS) {
    const value = given[item.key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > item.max) {
      errors.push({ field: `items.${item.key}`, constraint: 'invalidScore', message: `items.${item.key} must be a whole number from 0 to ${item.max}` });
    } else {
      checked[item.key] = value;
    }
  }
  return errors.length > 0 ? { errors } : { items: checked };
}

export function sheetTotal(items: ScoreItems): number {
  return SCORE_ITEM_KEYS.reduce((sum, key) => sum + items[key], 0);
}

export function groupTotal(items: ScoreItems, group: ScoreGroup): number {
  return SCORE_ITEMS.filter((i) => i.group === group).reduce((sum, i) => sum + items[i.key], 0);
}

/** Hundredths of the mean of whole-number totals, rounded half up: exact integer arithmetic, no float drift at .xx5. */
export function meanInHundredths(totals: readonly number[]): number {
  if (totals.length === 0) throw new RangeError('no totals');
  return meanOfSumInHundredths(
    totals.reduce((a, b) => a + b, 0),
    totals.length,
  );
}

/** meanInHundredths of n whole numbers given by their sum. */
export function meanOfSumInHundredths(sum: number, n: number): number {
  if (n === 0) throw new RangeError('no totals');
  return Math.floor((sum * 200 + n) / (2 * n));
}

export interface ScoredApplication {
  applicationId: string;
  /** The application's sheets, one per expert who scored it. */
  sheets: readonly ScoreItems[];
  /** Filing order, the last key: applications equal on score, B and C keep it. */
  filedAt: string;
}

export interface RankedApplication {
  applicationId: string;
  /** Mean of the experts' totals, two decimals (SPEC §3.8 step 4). */
  score: number;
  /** Means of the experts' B and C subtotals, two decimals, shown because they break ties. */
  scoreB: number;
  scoreC: number;
  experts: number;
  /** 1-based place; applications equal on score, B and C share one. */
  rank: number;
  /** Experts' lowest and highest totals, for the office to see disagreement. */
  lowest: number;
  highest: number;
}

/**
 * What ranking needs of an application's sheets: each sheet's total and each
 * item summed over the sheets (every mean is a sum over the sheets divided by
 * their number), so the database can add them up for a whole round.
 */
export interface SummedSheets {
  applicationId: string;
  filedAt: string;
  /** Each sheet's total, one per expert who scored the application. */
  totals: readonly number[];
  itemSums: ScoreItems;
}

export function sumSheets(a: ScoredApplication): SummedSheets {
  const itemSums = Object.fromEntries(SCORE_ITEM_KEYS.map((k) => [k, a.sheets.reduce((sum, s) => sum + s[k], 0)])) as ScoreItems;
  return { applicationId: a.applicationId, filedAt: a.filedAt, totals: a.sheets.map(sheetTotal), itemSums };
}

/**
 * Orders applications by score, ties by the higher B, then C (means compared
 * exactly, as fractions, not as rounded figures). Applications nobody scored
 * are left out.
 */
export function rankApplications(applications: readonly ScoredApplication[]): RankedApplication[] {
  return rankSummed(applications.map(sumSheets));
}

/** rankApplications of sheets already summed. */
export function rankSummed(applications: readonly SummedSheets[]): RankedApplication[] {
  const scored = applications.filter((a) => a.totals.length > 0).map((a) => {
    const n = a.totals.length;
    return { a, centi: meanInHundredths(a.totals), n, b: groupTotal(a.itemSums, 'B'), c: groupTotal(a.itemSums, 'C') };
  });
  type Row = (typeof scored)[number];
  // b/n compared with b'/n' as b·n' vs b'·n: exact.
  const byGroups = (x: Row, y: Row) => y.b * x.n - x.b * y.n || y.c * x.n - x.c * y.n;
  scored.sort((x, y) => y.centi - x.centi || byGroups(x, y) || x.a.filedAt.localeCompare(y.a.filedAt) || x.a.applicationId.localeCompare(y.a.applicationId));
  const ranked: RankedApplication[] = [];
  scored.forEach((row, i) => {
    const previous = scored[i - 1];
    const rank = previous && previous.centi === row.centi && byGroups(previous, row) === 0 ? ranked[i - 1].rank : i + 1;
    ranked.push({
      applicationId: row.a.applicationId,
      score: row.centi / 100,
      scoreB: meanOfSumInHundredths(row.b, row.n) / 100,
      scoreC: meanOfSumInHundredths(row.c, row.n) / 100,
      experts: row.n,
      rank,
      lowest: Math.min(...row.a.totals),
      highest: Math.max(...row.a.totals),
    });
  });
  return ranked;
}
