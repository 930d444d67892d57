/**
 * Districts are places, not spellings (SPEC §3.5): the social-insurance file
 * writes the same district as 上海市松江区, 上海松江区, 松江区 or 松江, and a
 * district is "left" only when the place changes. `placeOf` reads one value:
 *
 * - one of the 16 districts of Shanghai, however written → that district's
 *   name (e.g. 松江区). Former names of districts since merged (闸北 → 静安,
 *   卢湾 → 黄浦, 南汇 → 浦东新区) and 崇明县 name today's district;
 * - a value naming another province (江苏省…, 浙江…, 北京市) or a city of the
 *   list below (苏州市, 杭州) → somewhere outside Shanghai, kept as written;
 * - anything else (上海市 alone, 松江去, 某某市 not in the list) → null: the
 *   file cannot be read as a place, and the import refuses the row.
 */

/** Each district: its name and the other names it is written with (after 上海市/上海 is dropped). */
const DISTRICTS: ReadonlyArray<readonly [name: string, ...aliases: string[]]> = [
  ['黄浦区', '黄浦', '卢湾区', '卢湾'],
  ['徐汇区', '徐汇'],
  ['长宁区', '长宁'],
  ['静安区', '静安', '闸北区', '闸北'],
  ['普陀区', '普陀'],
  ['虹口区', '虹口'],
  ['杨浦区', '杨浦'],
  ['闵行区', '闵行'],
  ['宝山区', '宝山'],
  ['嘉定区', '嘉定'],
  ['浦东新区', '浦东', '浦东区', '南汇区', '南汇'],
  ['金山区', '金山'],
  ['松江区', '松江'],
  ['青浦区', '青浦'],
  ['奉贤区', '奉贤'],
  ['崇明区', '崇明', '崇明县'],
];

/** Provincial-level divisions other than Shanghai, by the names a value starts with. */
const PROVINCES = [
  '北京', '天津', '重庆', '河北', '山西', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南', '湖北', '湖南',
  '广东', '海南', '四川', '贵州', '云南', '陕西', '甘肃', '青海', '台湾', '内蒙古', '广西', '西藏', '宁夏', '新疆', '香港', '澳门',
] as const;

/**
 * Cities a value may name without its province: provincial capitals,
 * sub-provincial cities, and the cities of the Yangtze delta people most
 * often move to from Songjiang. Any other city is written with its province.
 */
const CITIES = [
  // capitals and sub-provincial cities
  '石家庄', '太原', '沈阳', '大连', '长春', '哈尔滨', '南京', '杭州', '宁波', '合肥', '福州', '厦门', '南昌', '济南', '青岛', '郑州', '武汉', '长沙',
  '广州', '深圳', '海口', '成都', '贵阳', '昆明', '西安', '兰州', '西宁', '呼和浩特', '南宁', '拉萨', '银川', '乌鲁木齐',
  // Jiangsu, Zhejiang, Anhui near Shanghai, county-level cities included
  '苏州', '无锡', '常州', '南通', '镇江', '扬州', '泰州', '盐城', '徐州', '淮安', '连云港', '宿迁', '昆山', '太仓', '常熟', '张家港', '江阴',
  '嘉兴', '湖州', '绍兴', '舟山', '台州', '金华', '温州', '衢州', '丽水', '义乌', '慈溪', '余姚', '海宁', '桐乡', '平湖',
  '芜湖', '马鞍山', '滁州', '宣城', '安庆', '蚌埠', '阜阳',
] as const;

export type Place = { inShanghai: true; name: string } | { inShanghai: false; name: string };

const SHANGHAI_NAMES = new Map<string, string>(DISTRICTS.flatMap(([name, ...aliases]) => [name, ...aliases].map((alias) => [alias, name] as const)));

/** NFKC folds full-width characters; spaces (also ideographic ones) carry no meaning in a place name. */
function normalize(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '');
}

export function placeOf(raw: string): Place | null {
  const value = normalize(raw);
  if (value === '') return null;
  const rest = value.replace(/^上海(市)?/, '');
  const district = shanghaiDistrict(rest);
  if (district) return { inShanghai: true, name: district };
  if (rest !== value) return null; // 上海… naming no district
  if (PROVINCES.some((p) => value.startsWith(p))) return { inShanghai: false, name: value };
  if (CITIES.some((c) => value === c || value.startsWith(`${c}市`))) return { inShanghai: false, name: value };
  return null;
}

/** Exactly a district's name or alias, or its full name followed by a street (松江区泗泾镇). */
function shanghaiDistrict(rest: string): string | undefined {
  const exact = SHANGHAI_NAMES.get(rest);
  if (exact) return exact;
  return DISTRICTS.find(([name]) => rest.startsWith(name))?.[0];
}

/** Whether two values name the same place; a value that names none is never the same. */
export function samePlace(a: string, b: string): boolean {
  const pa = placeOf(a);
  const pb = placeOf(b);
  return pa !== null && pb !== null && pa.name === pb.name;
}
