import type { SheetColumn } from '../../core/sheet/uploaded-sheet';
import type { EmployerSector, OrganizationKind, UnionLevel } from './entities/organization.entity';

/**
 * The columns of POST /organizations/import and of its template: the create
 * fields of POST /organizations, with the organisations an employer or a union
 * refers to written by name or credit code instead of an id.
 */
export const ORGANIZATION_COLUMNS = [
  { key: 'name', label: '名称' },
  { key: 'kind', label: '类型' },
  { key: 'creditCode', label: '统一社会信用代码' },
  { key: 'level', label: '工会层级' },
  { key: 'parent', label: '上级工会' },
  { key: 'district', label: '所在区' },
  { key: 'street', label: '所属街镇' },
  { key: 'industryAuthority', label: '行业主管单位' },
  { key: 'union', label: '本单位工会' },
  { key: 'contactEmails', label: '联系邮箱' },
  { key: 'sector', label: '单位性质' },
] as const satisfies ReadonlyArray<SheetColumn>;

/** The columns before 单位性质 was added (issue 16): such files still import, every employer an enterprise. */
export const LEGACY_ORGANIZATION_COLUMNS = ORGANIZATION_COLUMNS.slice(0, -1) as ReadonlyArray<SheetColumn<Exclude<(typeof ORGANIZATION_COLUMNS)[number]['key'], 'sector'>>>;

export type OrganizationColumn = (typeof ORGANIZATION_COLUMNS)[number]['key'];

/** Kinds as the sheet may write them: the API's word or its Chinese name. */
export const KIND_WORDS: Readonly<Record<string, OrganizationKind>> = {
  employer: 'employer',
  用人单位: 'employer',
  street: 'street',
  街镇: 'street',
  园区: 'street',
  industry_authority: 'industry_authority',
  行业主管单位: 'industry_authority',
  union: 'union',
  工会: 'union',
  district_office: 'district_office',
  区协调小组办公室: 'district_office',
  city_office: 'city_office',
  市工匠创新工作室创建命名办公室: 'city_office',
};

export const SECTOR_WORDS: Readonly<Record<string, EmployerSector>> = {
  enterprise: 'enterprise',
  企业: 'enterprise',
  public_institution: 'public_institution',
  事业单位: 'public_institution',
  事业: 'public_institution',
};

export const LEVEL_WORDS: Readonly<Record<string, UnionLevel>> = {
  unit: 'unit',
  本单位工会: 'unit',
  district: 'district',
  '区局(产业)工会': 'district',
};

/** Notes for the template, one per column. */
export const ORGANIZATION_COLUMN_NOTES: Readonly<Record<OrganizationColumn, string>> = {
  name: '组织全称（必填）；其他行可用此名称引用它',
  kind: '用人单位 / 街镇 / 行业主管单位 / 工会 / 区协调小组办公室 / 市工匠创新工作室创建命名办公室（或 employer, street, industry_authority, union, district_office, city_office）',
  creditCode: '用人单位必填：18 位统一社会信用代码',
  level: '工会必填：本单位工会 或 区局（产业）工会（unit / district）',
  parent: '本单位工会必填：其区局（产业）工会的名称（本表中的或已登记的）',
  district: '所在区，用人单位默认 松江区',
  street: '用人单位必填：所属街镇/园区的名称（本表中的或已登记的）',
  industryAuthority: '用人单位选填：行业主管单位的名称',
  union: '用人单位选填：本单位工会的名称（本表中的或已登记的）',
  contactEmails: '接收通知的邮箱，多个用分号（;）隔开',
  sector: '用人单位选填：企业 或 事业单位（enterprise / public_institution），默认企业；事业单位由行业主管单位出具首席技师推荐意见',
};
