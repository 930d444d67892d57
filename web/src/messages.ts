/**
 * The console's Chinese for every error the API can give (SPEC §5 error body:
 * `code`, and for invalid input `fields: [{field, constraint}]`). The API's
 * `message` stays English for API clients; the console never shows it and
 * never parses it. test/core/error-messages.spec.ts fails when the API gains a
 * code, a validation constraint or a DTO field that has no text here.
 */
import type { ErrorResponse, FieldProblemView, RowErrorView } from './api-types.js';

export type FieldProblem = FieldProblemView;

/** The API's error body as the console reads it: any part may be missing (a proxy's 502 has none of it). */
export type ErrorBody = Partial<ErrorResponse>;

/** Field names of the API (DTO properties) in Chinese, as a form labels them. */
export const FIELD_LABEL: Record<string, string> = {
  action: '操作',
  asOf: '业务日期',
  assessedOn: '考核日期',
  awardedOn: '授予日期',
  body: '提交内容',
  certificateNumber: '证书编号',
  cohort: '届别',
  comment: '意见',
  comments: '考核意见',
  contactEmails: '联系邮箱',
  creditCode: '统一社会信用代码',
  currentPassword: '当前密码',
  cursor: '翻页位置',
  decision: '决定',
  designatedOn: '命名认定日期',
  designationId: '命名记录',
  disabled: '停用',
  district: '所在区',
  effectiveOn: '生效日期',
  email: '电子邮箱',
  employerId: '工作单位',
  entityId: '对象编号',
  entityType: '对象类型',
  evidence: '依据材料',
  format: '文件格式',
  grade: '考核等次',
  id: '编号',
  idNumber: '身份证号',
  industryAuthorityId: '行业主管单位',
  issuer: '授予单位',
  kind: '类别',
  leadTalentId: '领衔人',
  level: '级别',
  limit: '每页条数',
  monthlyAllowanceFen: '月津贴（分）',
  monthlyAmountFen: '月金额（分）',
  name: '名称',
  namedOn: '命名日期',
  newLeadTalentId: '新领衔人',
  newPassword: '新密码',
  note: '说明',
  occupation: '工种',
  organizationId: '所属单位',
  parentId: '上级单位',
  password: '密码',
  period: '期间',
  person: '人员',
  phone: '电话',
  contactName: '联系人',
  chart: '图表',
  form: '报表样式',
  since: '起始月份',
  invention: '发明专利',
  utilityModel: '实用新型专利',
  design: '外观设计专利',
  results: '创新成果数量',
  patents: '专利',
  activities: '交流活动次数',
  contactPhone: '联系电话',
  memberCount: '人数',
  address: '地址',
  q: '搜索内容',
  reason: '原因',
  reasonDetail: '原因说明',
  retirementCategory: '退休类别',
  reviewedOn: '考查日期',
  role: '角色',
  score: '分数',
  skillLevel: '技能等级',
  socialInsuranceDistrict: '社保缴费所在区',
  status: '状态',
  streetId: '所在街镇',
  talentId: '人员',
  termStart: '任期起始月',
  title: '称号',
  type: '类型',
  unionId: '工会',
  username: '用户名',
  validFrom: '有效期起',
  validTo: '有效期止',
  workshopId: '工作室',
  year: '年度',
  // Fields of the records the audit log shows before and after a change.
  amountFen: '金额（分）',
  at: '时间',
  birthDate: '出生日期',
  cityComment: '市办公室意见',
  cityDecidedAt: '市办公室决定时间',
  cityDecision: '市办公室决定',
  closedAt: '关账时间',
  completedOn: '届满日期',
  counts: '笔数',
  createdAt: '创建时间',
  decidedAt: '决定时间',
  decidedBy: '决定人',
  decisionComment: '决定意见',
  employerName: '工作单位名称',
  endTermDue: '届满考核截止日',
  filedBy: '提交人',
  forPeriod: '所属月份',
  gender: '性别',
  grantTotalFen: '资助总额（分）',
  idNumberMasked: '身份证号（脱敏）',
  lastRunAt: '最近核算时间',
  leadTalentName: '领衔人姓名',
  midTermDue: '届中考核截止日',
  monthIndex: '第几月',
  newLeadName: '新领衔人姓名',
  payee: '收款人',
  phoneMasked: '电话（脱敏）',
  revoked: '已撤销',
  runs: '核算次数',
  socialInsuranceSince: '社保变更日期',
  source: '来源',
  statutoryRetirementDate: '法定退休日期',
  suspendedFrom: '中止自',
  suspendsOn: '将中止于',
  talentName: '姓名',
  termEnd: '任期结束日',
  totals: '金额合计',
  unionComment: '工会意见',
  unionDecidedAt: '工会决定时间',
  unionDecision: '工会决定',
  workshopName: '工作室名称',
  // Selection (issue 17): the calendar, applications, the review, shortlist, publicity.
  holidays: '放假日期',
  workdays: '调休上班日期',
  skillRecognisedBy: '技能等级认定单位',
  post: '岗位',
  industry: '所属行业',
  achievements: '主要业绩',
  awards: '获奖情况',
  team: '团队情况',
  otherTitles: '已认定人才类别',
  employerSupport: '单位支持情况',
  channel: '申报渠道',
  reasons: '理由',
  falseMaterial: '材料弄虚作假',
  stage: '申报阶段',
  roundId: '选拔批次',
  active: '仅限生效中',
  quota: '名额',
  applicationsOpen: '申报开始日期',
  applicationsClose: '申报截止日期',
  expertUserIds: '评审专家',
  items: '评分项',
  applicationIds: '申报',
  startsOn: '公示开始日期',
  text: '异议内容',
  upheld: '异议成立',
  expertId: '评审专家',
  // Columns of the import sheets (row errors name them by their machine name).
  employerCreditCode: '统一社会信用代码',
  instalment: '期次',
  parent: '上级工会',
  street: '所属街镇',
  industryAuthority: '行业主管单位',
  union: '本单位工会',
  sector: '单位性质',
  applicationId: '申报编号',
  opinion: '专家总体评价意见',
};

/** What is wrong with a field, by the constraint the API names (class-validator's, or `required`/`invalid`). */
export const CONSTRAINT_TEXT: Record<string, (label: string) => string> = {
  arrayMaxSize: (l) => `${l}的项数过多`,
  arrayMinSize: (l) => `${l}至少须有一项`,
  arrayUnique: (l) => `${l}中有重复的项`,
  isArray: (l) => `${l}须为列表`,
  isBoolean: (l) => `${l}须为“是”或“否”`,
  isBusinessDate: (l) => `${l}须为 YYYY-MM-DD 格式的真实日期`,
  isDefined: (l) => `请填写${l}`,
  isEmail: (l) => `${l}须为有效的电子邮箱地址`,
  isIn: (l) => `${l}不是可选的值，请从列表中选择`,
  isInt: (l) => `${l}须为整数`,
  isLength: (l) => `${l}的长度不符合要求`,
  isNumber: (l) => `${l}须为数字`,
  isPeriod: (l) => `${l}须为 YYYY-MM 格式的月份`,
  isString: (l) => `${l}须为文字`,
  isObject: (l) => `${l}的格式有误，应为一组字段`,
  isUuid: (l) => `${l}不是有效的编号，请从列表中选择`,
  hasAtMostTwoDecimals: (l) => `${l}最多保留两位小数`,
  matches: (l) => `${l}的格式不正确`,
  max: (l) => `${l}超过允许的最大值`,
  maxLength: (l) => `${l}过长`,
  min: (l) => `${l}低于允许的最小值`,
  nestedValidation: (l) => `${l}的内容有误`,
  unknownValue: () => '提交的内容无法识别',
  whitelistValidation: (l) => `不应提交“${l}”`,
  required: (l) => `请填写${l}`,
  invalid: (l) => `${l}填写有误，请检查`,
  notApplicable: (l) => `${l}不适用于此类记录，请留空`,
  tooEarly: (l) => `${l}早于允许的最早日期`,
  tooLate: (l) => `${l}晚于允许的最晚日期（不能晚于今天）`,
  ageBelowMinimum: (l) => `该人员在${l}尚未年满 16 周岁`,
  pastRetirement: (l) => `该人员在${l}已达到法定退休年龄`,
  gradeBand: () => '得分不在所选考核等次的分数段内，请核对等次或得分',
};

/** Every error code of the API: the domain's rules and conflicts, and HTTP's own. */
export const CODE_TEXT: Record<string, string> = {
  // HTTP and input (src/core/errors/error-body.ts)
  VALIDATION_FAILED: '填写的内容有误，请按提示修改',
  INVALID_INPUT: '提交的内容有误，请检查后重试',
  UNAUTHENTICATED: '登录已失效，请重新登录',
  WRONG_CREDENTIALS: '用户名或密码错误',
  FORBIDDEN: '您的角色无权进行此操作',
  NOT_FOUND: '要找的记录不存在，或您无权查看',
  CONFLICT: '与现有记录冲突，请刷新后重试',
  RULE_VIOLATED: '不符合业务规则，未能办理',
  BODY_TOO_LARGE: '提交的内容或文件过大',
  UNSUPPORTED_MEDIA_TYPE: '不支持的文件或编码格式，请上传 UTF-8 的 CSV 或 .xlsx 文件',
  TOO_MANY_ATTEMPTS: '尝试次数过多，请稍后再试',
  DUPLICATE: '已有相同的记录，不能重复登记',
  REFERENCE_MISSING: '引用的记录不存在',
  VALUE_OUT_OF_RANGE: '某项数值的格式不正确或超出范围',
  INTERNAL: '系统内部错误，请稍后重试或联系管理员',
  // Not found (src/core/errors/domain-error.ts NotFoundError: <ENTITY>_NOT_FOUND)
  ADJUSTMENT_NOT_FOUND: '该动态调整记录不存在',
  ASSESSMENT_NOT_FOUND: '该考核任务不存在，或不由本单位组织',
  CHANGE_REQUEST_NOT_FOUND: '该管理变更申请不存在，或您无权查看',
  DESIGNATION_NOT_FOUND: '该命名认定记录不存在',
  HONOUR_NOT_FOUND: '该荣誉记录不存在',
  NOTIFICATION_NOT_FOUND: '该邮件记录不存在',
  ORGANIZATION_NOT_FOUND: '该单位不存在',
  PAYMENT_RUN_NOT_FOUND: '该月尚未核算',
  TALENT_NOT_FOUND: '该人员不存在',
  TEMPLATE_NOT_FOUND: '该模板不存在',
  USER_NOT_FOUND: '该用户不存在',
  WORKSHOP_NOT_FOUND: '该工作室不存在，或您无权查看',
  // Conflicts (409) and business rules (422)
  ADJUSTMENT_DECIDED: '该动态调整已作出决定，不能再次决定',
  ADJUSTMENT_PENDING: '该人员已有同一原因的动态调整待决定',
  ALLOWANCE_ABOVE_ONE_A_MONTH: '核算将使某人某月的津贴超过一个月的标准（命名记录重叠），请先以动态调整结束其中一条后再核算',
  ALREADY_DESIGNATED: '该人员已有在期的首席技师命名',
  ANNUAL_REVIEW_RECORDED: '该年度的日常考查已登记',
  ASSESSED_BEFORE_OPENING: '考核日期不能早于任务开始日期',
  ASSESSED_IN_FUTURE: '考核日期不能晚于今天',
  ASSESSMENT_CANCELLED: '该考核任务已取消',
  ASSESSMENT_RECORDED: '该考核结果已登记，不能重复登记',
  CHANGE_REQUEST_DECIDED: '该申请已办结',
  CHANGE_REQUEST_NOT_REVIEWED: '区（产业）工会尚未审核该申请',
  CHANGE_REQUEST_OPEN: '该工作室已有一份未办结的管理变更申请',
  CHANGE_REQUEST_REVIEWED: '区（产业）工会已审核过该申请',
  CHIEF_TECHNICIAN_WORKSHOP_EXISTS: '该命名已有一个首席技师工作室，每个命名只能有一个',
  CREDIT_CODE_TAKEN: '该统一社会信用代码已登记',
  DESIGNATION_OVERLAP: '与该人员之前的命名在同一月份重叠（同一人同一月份只能有一个命名）',
  EMPLOYER_NOT_FOUND: '找不到该用人单位',
  UNION_NOT_FOUND: '找不到该工会',
  PERIOD_STALE: '自上次核算后有人员发生变化，核算结果已过时：请先重新核算本期间，再关账',
  ASSESSMENT_NOT_RECORDED: '只有已登记结果的考核才能更正',
  EFFECTIVE_OUTSIDE_TERM: '生效日期须在命名认定日期与任期结束之间',
  HONOUR_HELD: '该人员已持有此荣誉',
  ID_NUMBER_TAKEN: '该身份证号已登记',
  JOB_AS_OF_FUTURE: '业务日期不能晚于今天',
  LAST_ADMIN: '这是最后一个启用的管理员账户，不能停用',
  LEAD_ELSEWHERE: '领衔人须为该工作室所在单位的人员',
  LEAD_NOT_DESIGNATED: '首席技师工作室的领衔人须有在期的首席技师命名，且命名日期在任期内',
  LEAD_NOT_SHANGHAI_CRAFTSMAN: '上海市工匠创新工作室的领衔人须持有“上海工匠”称号',
  NOTIFICATION_SENT: '该邮件已发送',
  NOTIFICATION_UNADDRESSABLE: '该邮件没有收件地址：请先为单位或用户填写邮箱',
  NOT_CRAFTSMAN_WORKSHOP: '管理变更申请只适用于上海市工匠创新工作室',
  NO_PASSWORD: '该用户尚未设置控制台密码，请联系管理员设置',
  OFFICE_EXISTS: '该类办公室已存在，请修改现有记录',
  ORGANIZATION_IN_USE: '该工会已被其他单位或工作室引用，不能修改此项',
  ORGANIZATION_UNKNOWN: '所选单位不存在',
  PERIOD_CLOSED: '该月已关账，发放明细不能再变动',
  PERIOD_IN_FUTURE: '该月尚未开始，不能核算',
  PERIOD_SUPERSEDED: '不能核算早于最近一次核算月份的期间',
  REVIEW_BEFORE_DESIGNATION: '考查日期不能早于命名认定日期',
  REVIEW_IN_FUTURE: '考查日期不能晚于今天',
  SAME_LEAD: '新领衔人与现领衔人相同',
  TALENT_UNKNOWN: '所选人员未登记',
  WORKSHOP_CLOSED: '该工作室已退出管理序列或已摘牌，不再受理申请',
  WRONG_ORGANIZATION_KIND: '所选单位的类别不符合要求',
  YEAR_OUTSIDE_TERM: '年度须在任期之内',
  // Selection (issue 17): the official calendar, applications, recommendations, the experts' review, shortlist, publicity, naming
  CALENDAR_YEAR_MISSING: '该年度的法定节假日安排尚未录入：请先在“工作日历”中录入该年度，再计算公示期',
  CALENDAR_YEAR_NOT_FOUND: '该年度的工作日历不存在',
  ROUND_NOT_FOUND: '该选拔批次不存在，或您无权查看',
  APPLICATION_NOT_FOUND: '该申报不存在，或您无权查看',
  EXPERT_NOT_FOUND: '该评审专家不存在，或未分配到本批次',
  NEAR_RETIREMENT: '距法定退休年龄不足规定年限',
  SKILL_BELOW_TECHNICIAN: '技能等级低于技师',
  NO_RECOMMENDER: '该单位没有所属街镇（事业单位没有行业主管单位），无人出具推荐意见：请先补全单位信息',
  APPLICATION_WINDOW_CLOSED: '本批次申报已截止，申报不能再修改',
  RECOMMENDATION_RECORDED: '已出具推荐意见，申报不能再修改',
  NOT_OWN_STAFF: '用人单位只能为本单位职工申报',
  PERSON_REGISTERED_ELSEWHERE: '该身份证号已登记在其他单位名下：请区办公室先更正人员信息',
  ROUND_EXISTS: '该届别已有选拔批次',
  RECOMMENDATION_PENDING: '推荐单位尚未出具推荐意见，暂不能进行资格审查',
  ELIGIBILITY_DECIDED: '资格审查已作出决定',
  OUTSIDE_APPLICATION_WINDOW: '不在本批次的申报时间内',
  NOT_DISTRICT_EMPLOYER: '申报人的工作单位须为本区的用人单位',
  ALREADY_APPLIED: '同一人在同一批次只能申报一次，该人员已有申报',
  EMPLOYER_NOMINATIONS_MAX: '本单位在本批次的单位推荐名额已用完',
  SCORING_CLOSED: '本批次评审已结束，不能再更改专家或评分',
  EXPERT_UNKNOWN: '所选专家不是系统用户',
  NOT_AN_EXPERT: '所选用户不是评审专家角色',
  EXPERT_DISABLED: '所选专家账户已停用',
  EXPERT_HAS_SCORED: '该专家已评过本批次的申报，不能移出',
  NOT_UNDER_REVIEW: '该申报不在评审中，只有资格审查通过的申报才能评分',
  APPLICATIONS_UNDECIDED: '仍有申报在等待推荐意见或资格审查，暂不能结束评审',
  NOTHING_TO_SCORE: '本批次没有资格审查通过的申报',
  NO_EXPERTS: '本批次尚未分配评审专家',
  SHEETS_MISSING: '仍有专家评审表未提交，暂不能结束评审',
  ROUND_STEP_OUT_OF_ORDER: '选拔步骤顺序不对：请先完成前一步骤',
  NOT_SHORTLISTABLE: '所选申报不是本批次已评分且资格审查通过的申报',
  SHORTLIST_OVER_QUOTA: '拟命名人数超过名额，须填写原因',
  SHORTLIST_PASSES_OVER: '拟命名名单跳过了得分更高的申报，须填写原因',
  PUBLICITY_ENDED: '公示期已结束，不再受理异议',
  NOT_PUBLICISED: '该申报不在公示名单上',
  PUBLICITY_NOT_ENDED: '公示期尚未结束，公示期满后才能命名',
  NAMED_DURING_PUBLICITY: '命名日期须晚于公示期最后一天',
  NOTHING_TO_NAME: '公示名单上已没有可命名的申报',
  // Why a mail has no address (GET /notifications problems)
  ORGANIZATION_WITHOUT_CONTACT: '该单位没有联系邮箱',
  NO_ORGANIZATION_OF_KIND: '尚未登记该类单位',
  ROLE_WITHOUT_EMAIL: '该角色的用户都没有填写邮箱',
  UNKNOWN_RECIPIENT: '收件人不明',
};

const STATUS_TEXT: Record<number, string> = {
  400: CODE_TEXT.INVALID_INPUT,
  401: CODE_TEXT.UNAUTHENTICATED,
  403: CODE_TEXT.FORBIDDEN,
  404: CODE_TEXT.NOT_FOUND,
  409: CODE_TEXT.CONFLICT,
  413: CODE_TEXT.BODY_TOO_LARGE,
  415: CODE_TEXT.UNSUPPORTED_MEDIA_TYPE,
  422: CODE_TEXT.RULE_VIOLATED,
  429: CODE_TEXT.TOO_MANY_ATTEMPTS,
};

export function fieldLabel(field: string): string {
  // contactEmails[0] and person.idNumber are labelled by their last name, with the position kept.
  const item = /^(.*)\[(\d+)\]$/.exec(field);
  if (item) return `${fieldLabel(item[1])}第 ${Number(item[2]) + 1} 项`;
  const last = field.includes('.') ? field.slice(field.lastIndexOf('.') + 1) : field;
  return FIELD_LABEL[last] ?? FIELD_LABEL[field] ?? field;
}

/** The Chinese for one field's problem: its constraint's text, or (a rule about that field) the rule's. */
export function fieldProblemText(problem: FieldProblem): string {
  const constraint = CONSTRAINT_TEXT[problem.constraint];
  if (constraint) return constraint(fieldLabel(problem.field));
  return CODE_TEXT[problem.constraint] ?? `${fieldLabel(problem.field)}填写有误，请检查`;
}

/** The Chinese for the error as a whole (shown above a form, or where no field fits). */
export function codeText(status: number, code: string | undefined): string {
  return (code && CODE_TEXT[code]) || STATUS_TEXT[status] || (status >= 500 ? CODE_TEXT.INTERNAL : CODE_TEXT.INVALID_INPUT);
}

/** Field → Chinese, for every field the body names (several at once); the first problem of a field wins. */
export function fieldTexts(body: ErrorBody): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of body.fields ?? []) {
    // A nested field (contactEmails[0], person.idNumber) is shown beside its top-level input.
    const top = p.field.split(/[.[]/)[0];
    if (!out[top]) out[top] = fieldProblemText(p);
  }
  return out;
}

/** All of the error in Chinese, as one line: the code's text, then each field's problem. */
export function errorSentence(status: number, body: ErrorBody): string {
  // An import refused row by row (SPEC §3.7): the rows are listed in a table beside this.
  if (Array.isArray(body.errors) && body.errors.length > 0) {
    const rows = new Set(body.errors.map((e: { row?: number }) => e.row)).size;
    return `文件中有 ${rows} 行有误，未导入任何数据，请按下表逐行修改后重新上传`;
  }
  const fields = Object.values(fieldTexts(body));
  return fields.length > 0 ? fields.join('；') : codeText(status, body.code);
}

/** An import's row error as the API gives it (SPEC §3.7); `constraint` is what the console words. */
export type RowProblem = Pick<RowErrorView, 'field' | 'otherRow'> & Partial<Pick<RowErrorView, 'constraint'>>;

type RowText = (label: string, e: RowProblem) => string;

/**
 * Every row-error code of the imports (src/core/sheet/row-errors.ts
 * ROW_CONSTRAINTS; test/core/error-messages.spec.ts fails on one without text here).
 */
export const ROW_CONSTRAINT_TEXT: Record<string, RowText> = {
  required: (l) => `请填写${l}`,
  lengthOutOfRange: (l) => `${l}的长度超出允许范围`,
  unreadableCell: (l) => `${l}单元格无法读取（公式无结果、错误值或身份证号被 Excel 转成数字/日期）：请将该列设为文本格式，修改后重新保存`,
  notAnOption: (l) => `${l}不是可选的值，请按模板说明填写`,
  invalidIdNumber: (l) => `${l}不是有效的 18 位居民身份证号（请核对位数、出生日期和校验位）`,
  invalidCreditCode: (l) => `${l}不是有效的 18 位统一社会信用代码`,
  invalidDate: (l) => `${l}须为 YYYY-MM-DD 格式的真实日期`,
  invalidMonth: (l) => `${l}须为 YYYY-MM 格式的月份`,
  invalidYear: (l) => `${l}须为年份，如 2024`,
  invalidAmount: (l) => `${l}须为 1 至 100000000 之间的整数（单位：分）`,
  invalidScore: (l) => `${l}须为 0 至该项满分之间的整数`,
  unknownItem: (l) => `${l}不是评审表中的评分项`,
  unknownDistrict: (l) => `${l}不是已知的区、省或市，请填写如“松江区”“上海市青浦区”“江苏省苏州市”`,
  duplicateInFile: (l, e) => (e.otherRow ? `与第 ${e.otherRow} 行重复（${l}相同）` : `${l}与文件中前面的行重复`),
  tooEarly: (l) => `${l}早于本项目允许的最早日期`,
  tooLate: (l) => `${l}晚于今天`,
  notBegun: (l) => `${l}所在月份尚未开始`,
  ageBelowMinimum: (l) => `该人员在${l}尚未年满 16 周岁`,
  pastRetirement: (l) => `该人员在${l}已达到法定退休年龄`,
  unknownCreditCode: () => '没有以该统一社会信用代码登记的用人单位，请先登记该单位',
  unknownIdNumber: () => '没有以该身份证号登记的人员',
  unknownReference: (l) => `${l}在本文件和已登记的单位中都找不到`,
  ambiguousReference: (l) => `已登记的单位中有多个同名的${l}，请改填其统一社会信用代码`,
  nameMismatch: () => '姓名与该身份证号已登记的姓名不一致',
  alreadyDesignated: () => '该人员已有在期的首席技师命名',
  overlap: () => '与该人员之前的命名在同一月份重叠（同一人同一月份只能有一个命名）',
  noDesignationInTerm: (l) => `该人员在此${l}没有在期的命名`,
  unknownWorkshop: () => '该单位没有此名称的首席技师工作室',
  importedBefore: () => '此前已导入过，不能重复导入',
  alreadyPaid: () => '系统已发放过，不能再作为历史发放导入',
  notInRound: (l) => `${l}不是本轮评审的申报（请勿改动该列）`,
  notUnderReview: () => '该申报不在评审中，只有资格审核通过的申报才能评分',
};

/** A row error's column in Chinese: its field label, a score item as 评分项. */
export function rowFieldLabel(field: string): string {
  return /^[A-H]\d?$/.test(field) ? `评分项 ${field}` : fieldLabel(field);
}

/** A row error in Chinese, by its code: an import's own rule, or a check the import shares with its form. */
export function rowErrorText(e: RowProblem): string {
  const label = rowFieldLabel(e.field);
  const c = e.constraint ?? '';
  const row = ROW_CONSTRAINT_TEXT[c];
  if (row) return row(label, e);
  const field = CONSTRAINT_TEXT[c];
  if (field) return field(label);
  return CODE_TEXT[c] ?? `${label}填写有误，请检查`;
}

/** What a console form checks before sending: a number field holding anything but a number is 请输入数字. */
export const NOT_A_NUMBER = '请输入数字';
