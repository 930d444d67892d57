/**
 * The demo data set (scripts/load-demo.ts loads it): a realistic 松江区 programme
 * of fictitious people. Their ID numbers and the employers' 统一社会信用代码 are
 * made valid by the loader (check characters computed) but belong to no one.
 */

export const DISTRICT_OFFICE_NAME = '松江区首席技师工作协调小组办公室';
export const CITY_OFFICE_NAME = '上海市工匠创新工作室创建命名办公室';
export const DISTRICT_UNION_NAME = '松江区总工会';
export const DISTRICT = '松江区';
export const MAIL_DOMAIN = 'songjiang.example.com';


/** The 6 街道, 11 镇 and the development zone of 松江区, with a mailbox each. */
export const STREETS: ReadonlyArray<readonly [name: string, mailbox: string]> = [
  ['岳阳街道', 'yueyang'],
  ['永丰街道', 'yongfeng'],
  ['方松街道', 'fangsong'],
  ['中山街道', 'zhongshan'],
  ['广富林街道', 'guangfulin'],
  ['九里亭街道', 'jiuliting'],
  ['泗泾镇', 'sijing'],
  ['佘山镇', 'sheshan'],
  ['车墩镇', 'chedun'],
  ['新桥镇', 'xinqiao'],
  ['洞泾镇', 'dongjing'],
  ['九亭镇', 'jiuting'],
  ['泖港镇', 'maogang'],
  ['石湖荡镇', 'shihudang'],
  ['新浜镇', 'xinbang'],
  ['叶榭镇', 'yexie'],
  ['小昆山镇', 'xiaokunshan'],
  ['松江经济技术开发区', 'kaifaqu'],
];

export const AUTHORITIES = {
  economy: { name: '松江区经济委员会', mailbox: 'jingwei' },
  construction: { name: '松江区建设和管理委员会', mailbox: 'jianguanwei' },
} as const;
export type AuthorityKey = keyof typeof AUTHORITIES;

export type EmployerKey = 'jm' | 'jt' | 'qp' | 'sj' | 'cj' | 'xq' | 'dj';

export interface EmployerSpec {
  name: string;
  /** The 9-character organisation body of the credit code (positions 9-17). */
  body: string;
  street: string;
  authority?: AuthorityKey;
  mailbox: string;
}

export const EMPLOYERS: Record<EmployerKey, EmployerSpec> = {
  jm: { name: '上海松江精密机械有限公司', body: 'MA1FL2K35', street: '车墩镇', authority: 'economy', mailbox: 'hr.jingmi' },
  jt: { name: '上海九亭智能装备制造有限公司', body: 'MA1G7NX28', street: '九亭镇', authority: 'economy', mailbox: 'hr.jiuting-zb' },
  qp: { name: '上海松江汽车零部件有限公司', body: 'MA1H3TB64', street: '松江经济技术开发区', authority: 'economy', mailbox: 'hr.qiling' },
  sj: { name: '上海泗泾电气设备有限公司', body: 'MA1J9CW17', street: '泗泾镇', mailbox: 'hr.sijing-dq' },
  cj: { name: '上海松江城建安装工程有限公司', body: 'MA1K4RD50', street: '方松街道', authority: 'construction', mailbox: 'hr.chengjian' },
  xq: { name: '上海新桥电子科技有限公司', body: 'MA1L6PU93', street: '新桥镇', mailbox: 'hr.xinqiao-dz' },
  dj: { name: '上海洞泾新材料有限公司', body: 'MA1M2EY41', street: '洞泾镇', authority: 'economy', mailbox: 'hr.dongjing-cl' },
};

export type Gender = 'M' | 'F';
export type PersonRow = readonly [name: string, gender: Gender, birthDate: string, occupation: string, skillLevel: string, employer: EmployerKey];

/**
 * Three cohorts of 25. Birth dates keep every statutory retirement date
 * (SPEC §3.5) after the end of the person's term, so the lifecycle job
 * proposes no retirement for the demo set.
 */
export const COHORTS: ReadonlyArray<{ cohort: string; designatedOn: string; people: readonly PersonRow[] }> = [
  {
    cohort: '2020',
    designatedOn: '2020-12-18',
    people: [
      ['王建国', 'M', '1966-04-12', '数控车工', '高级技师', 'jm'],
      ['李志强', 'M', '1967-09-03', '钳工', '高级技师', 'jm'],
      ['张卫东', 'M', '1968-01-25', '工具钳工', '高级技师', 'jm'],
      ['刘海峰', 'M', '1970-07-19', '磨工', '技师', 'jm'],
      ['陈国华', 'M', '1969-11-08', '装配钳工', '高级技师', 'jt'],
      ['杨振宇', 'M', '1972-03-30', '数控铣工', '技师', 'jt'],
      ['赵明亮', 'M', '1971-05-16', '电工', '高级技师', 'jt'],
      ['黄永刚', 'M', '1966-10-27', '焊工', '高级技师', 'qp'],
      ['周文斌', 'M', '1973-02-14', '模具工', '高级技师', 'qp'],
      ['吴德荣', 'M', '1968-08-21', '冲压工', '技师', 'qp'],
      ['徐春燕', 'F', '1976-03-09', '汽车装调工', '技师', 'qp'],
      ['孙立新', 'M', '1970-12-02', '维修电工', '高级技师', 'sj'],
      ['马建军', 'M', '1967-06-18', '变压器装配工', '高级技师', 'sj'],
      ['朱海燕', 'F', '1977-09-22', '电工', '技师', 'sj'],
      ['胡志刚', 'M', '1969-04-05', '焊工', '高级技师', 'cj'],
      ['郭建平', 'M', '1974-10-11', '管工', '技师', 'cj'],
      ['何耀华', 'M', '1972-12-29', '建筑电工', '技师', 'cj'],
      ['林美华', 'F', '1975-05-17', '电子设备装接工', '高级技师', 'xq'],
      ['高晓东', 'M', '1978-01-06', '仪器仪表维修工', '技师', 'xq'],
      ['罗建新', 'M', '1971-08-13', '化工总控工', '高级技师', 'dj'],
      ['郑丽萍', 'F', '1972-06-25', '化学检验员', '高级技师', 'dj'],
      ['梁国庆', 'M', '1969-10-01', '数控车工', '高级技师', 'jm'],
      ['宋红梅', 'F', '1978-11-30', '钳工', '技师', 'jt'],
      ['谢志明', 'M', '1975-03-03', '焊工', '技师', 'qp'],
      ['唐伟民', 'M', '1973-07-07', '电工', '高级技师', 'sj'],
    ],
  },
  {
    cohort: '2022',
    designatedOn: '2022-12-20',
    people: [
      ['韩卫国', 'M', '1968-05-20', '数控车工', '高级技师', 'jm'],
      ['冯建华', 'M', '1970-02-11', '钳工', '高级技师', 'jm'],
      ['邓志勇', 'M', '1974-09-14', '模具工', '高级技师', 'jm'],
      ['曹金龙', 'M', '1976-12-08', '数控铣工', '技师', 'jt'],
      ['彭丽娟', 'F', '1979-04-18', '装配钳工', '技师', 'jt'],
      ['曾庆丰', 'M', '1971-07-26', '机修钳工', '高级技师', 'jt'],
      ['肖长青', 'M', '1975-01-15', '焊工', '高级技师', 'qp'],
      ['田秀英', 'F', '1980-06-03', '汽车装调工', '技师', 'qp'],
      ['董家明', 'M', '1977-10-19', '冲压工', '技师', 'qp'],
      ['袁建伟', 'M', '1969-03-28', '模具工', '高级技师', 'qp'],
      ['潘国平', 'M', '1973-11-12', '维修电工', '高级技师', 'sj'],
      ['蒋丽华', 'F', '1981-08-07', '电工', '技师', 'sj'],
      ['蔡文军', 'M', '1978-05-31', '变压器装配工', '技师', 'sj'],
      ['余建荣', 'M', '1972-04-09', '焊工', '高级技师', 'cj'],
      ['杜永生', 'M', '1980-09-24', '管工', '技师', 'cj'],
      ['叶春生', 'M', '1975-12-17', '建筑电工', '技师', 'cj'],
      ['程晓燕', 'F', '1983-02-26', '电子设备装接工', '技师', 'xq'],
      ['魏志华', 'M', '1979-07-13', '仪器仪表维修工', '高级技师', 'xq'],
      ['苏建明', 'M', '1976-03-05', '化工总控工', '高级技师', 'dj'],
      ['吕雪芳', 'F', '1982-10-10', '化学检验员', '技师', 'dj'],
      ['丁国强', 'M', '1970-08-22', '数控车工', '高级技师', 'jm'],
      ['沈建英', 'F', '1977-01-29', '钳工', '高级技师', 'jm'],
      ['任海涛', 'M', '1984-06-16', '数控铣工', '技师', 'jt'],
      ['姚志坚', 'M', '1971-11-04', '焊工', '高级技师', 'qp'],
      ['顾建华', 'M', '1973-05-21', '维修电工', '高级技师', 'sj'],
    ],
  },
  {
    cohort: '2024',
    designatedOn: '2024-12-16',
    people: [
      ['钱永明', 'M', '1968-09-12', '数控车工', '高级技师', 'jm'],
      ['孔德华', 'M', '1975-04-23', '钳工', '高级技师', 'jm'],
      ['陆伟', 'M', '1982-08-30', '磨工', '技师', 'jm'],
      ['邱建忠', 'M', '1970-01-17', '工具钳工', '高级技师', 'jm'],
      ['秦雪梅', 'F', '1985-12-05', '数控铣工', '技师', 'jt'],
      ['江志鹏', 'M', '1986-03-19', '电工', '技师', 'jt'],
      ['史国良', 'M', '1972-10-28', '装配钳工', '高级技师', 'jt'],
      ['范立群', 'M', '1977-06-11', '机修钳工', '高级技师', 'jt'],
      ['方建波', 'M', '1980-02-02', '焊工', '高级技师', 'qp'],
      ['石晓峰', 'M', '1988-07-24', '模具工', '技师', 'qp'],
      ['姜红', 'F', '1983-09-15', '汽车装调工', '技师', 'qp'],
      ['严俊杰', 'M', '1990-01-08', '冲压工', '技师', 'qp'],
      ['金国栋', 'M', '1974-05-06', '维修电工', '高级技师', 'sj'],
      ['汪海燕', 'F', '1981-03-27', '电工', '技师', 'sj'],
      ['戴明华', 'M', '1979-11-20', '变压器装配工', '高级技师', 'sj'],
      ['夏建勇', 'M', '1976-08-09', '焊工', '高级技师', 'cj'],
      ['钟卫华', 'M', '1983-04-14', '管工', '技师', 'cj'],
      ['傅丽君', 'F', '1987-07-01', '建筑电工', '技师', 'cj'],
      ['邵志军', 'M', '1985-10-22', '电子设备装接工', '技师', 'xq'],
      ['万晓红', 'F', '1984-01-31', '仪器仪表维修工', '高级技师', 'xq'],
      ['熊国伟', 'M', '1978-12-13', '化工总控工', '高级技师', 'dj'],
      ['陶静', 'F', '1973-02-18', '化学检验员', '高级技师', 'dj'],
      ['尹建林', 'M', '1971-09-05', '数控车工', '高级技师', 'jm'],
      ['黎志远', 'M', '1989-05-27', '焊工', '技师', 'qp'],
      ['施洪波', 'M', '1969-06-30', '电工', '高级技师', 'sj'],
    ],
  },
];

/** Women whose post is a cadre post (SPEC §3.5: the category follows the post); other women are female_worker. */
export const FEMALE_CADRES: ReadonlySet<string> = new Set(['郑丽萍', '沈建英', '陶静']);

/** A few people with a mobile number on record. */
export const PHONES: Readonly<Record<string, string>> = {
  王建国: '13901912356',
  顾建华: '13816627034',
  钱永明: '13761058892',
  方建波: '15821374406',
  金国栋: '13917720518',
  夏建勇: '18917356620',
  孔德华: '13651982247',
  邵志军: '15900723615',
  石晓峰: '18621095573',
  陶静: '13564218809',
};

export const HONOURS: ReadonlyArray<readonly [person: string, title: string, awardedOn: string, issuer: string]> = [
  ['王建国', '上海工匠', '2018-04-27', '上海市总工会'],
  ['王建国', '全国劳模', '2020-11-24', '中共中央、国务院'],
  ['黄永刚', '松江工匠', '2019-04-26', '松江区总工会'],
  ['林美华', '松江工匠', '2021-04-28', '松江区总工会'],
  ['顾建华', '上海市劳模', '2020-04-28', '上海市人民政府'],
  ['顾建华', '上海工匠', '2023-04-28', '上海市总工会'],
  ['夏建勇', '松江工匠', '2022-04-28', '松江区总工会'],
  ['夏建勇', '上海工匠', '2024-04-26', '上海市总工会'],
  ['钱永明', '松江工匠', '2023-04-27', '松江区总工会'],
  ['钱永明', '上海市劳模', '2025-04-28', '上海市人民政府'],
  ['方建波', '松江工匠', '2024-04-25', '松江区总工会'],
];

/** Other allowance-bearing titles for the take-the-higher rule (SPEC §3.2). */
export const TITLES: ReadonlyArray<readonly [person: string, title: string, monthlyAmountFen: number, validFrom: string, validTo: string]> = [
  ['孔德华', '区领军人才', 150000, '2024-01-01', '2026-12-31'],
  ['邱建忠', '区拔尖人才', 80000, '2025-01-01', '2027-12-31'],
  ['魏志华', '区拔尖人才', 80000, '2023-01-01', '2025-12-31'],
];

/** Chief technician workshops: leads from the 2024 cohort, named within their term. */
export const CHIEF_WORKSHOPS: ReadonlyArray<readonly [name: string, lead: string, level: 'district' | 'municipal', namedOn: string]> = [
  ['钱永明首席技师工作室', '钱永明', 'municipal', '2025-04-18'],
  ['方建波焊接首席技师工作室', '方建波', 'district', '2025-06-20'],
  ['金国栋电气首席技师工作室', '金国栋', 'district', '2025-09-12'],
];

/** 上海市工匠创新工作室: named by the city office; each lead holds 上海工匠. */
export const CRAFTSMAN_WORKSHOPS: ReadonlyArray<readonly [name: string, lead: string, namedOn: string]> = [
  ['顾建华工匠创新工作室', '顾建华', '2024-09-20'],
  ['夏建勇焊接工匠创新工作室', '夏建勇', '2025-10-16'],
];

/** Pending 动态调整 for the district office to decide. */
export const ADJUSTMENTS: ReadonlyArray<readonly [person: string, reason: string, effectiveOn: string, note: string, evidence: string]> = [
  ['石晓峰', 'position_changed', '2026-10-01', '调离生产一线岗位，转任公司行政管理岗位', '上海松江汽车零部件有限公司人事任免通知（松零人〔2026〕18号）'],
  ['邵志军', 'other', '2026-11-01', '本人因家庭原因申请暂停享受首席技师待遇', '本人书面申请（2026年10月20日），单位盖章确认'],
];

/** A user of each role, so a newcomer can try each in the console: name, role, mailbox (also the username), organisation by name. */
export const USERS: ReadonlyArray<readonly [name: string, role: string, mailbox: string, organization: string | null]> = [
  ['张慧敏', 'admin', 'zhanghuimin', DISTRICT_OFFICE_NAME],
  ['陈静', 'finance', 'chenjing', null],
  ['沈丽', 'assessor', 'shenli', '泗泾镇'],
  ['徐伟', 'assessor', 'xuwei', AUTHORITIES.economy.name],
  ['蒋国平', 'union', 'jiangguoping', `${EMPLOYERS.sj.name}工会`],
  ['朱晓兰', 'union', 'zhuxiaolan', DISTRICT_UNION_NAME],
  ['周敏', 'city_office', 'zhoumin', CITY_OFFICE_NAME],
];
