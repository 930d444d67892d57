import { placeOf, samePlace } from '../../src/modules/social-insurance/shanghai-districts';

/** Issue 12 item 4: the district table, read as places (SPEC §3.5). */
describe('placeOf: the districts of Shanghai as places, not spellings', () => {
  const SIXTEEN: Array<[string, string]> = [
    ['黄浦区', '黄浦'],
    ['徐汇区', '徐汇'],
    ['长宁区', '长宁'],
    ['静安区', '静安'],
    ['普陀区', '普陀'],
    ['虹口区', '虹口'],
    ['杨浦区', '杨浦'],
    ['闵行区', '闵行'],
    ['宝山区', '宝山'],
    ['嘉定区', '嘉定'],
    ['浦东新区', '浦东'],
    ['金山区', '金山'],
    ['松江区', '松江'],
    ['青浦区', '青浦'],
    ['奉贤区', '奉贤'],
    ['崇明区', '崇明'],
  ];

  it.each(SIXTEEN)('%s in every usual written form', (name, short) => {
    const forms = [name, short, `上海市${name}`, `上海${name}`, `上海${short}`, `上海市${short}`, ` ${name} `, `上海市 ${name}`, `上海市${name}${'泗泾镇'}`];
    for (const form of forms) expect({ form, place: placeOf(form) }).toEqual({ form, place: { inShanghai: true, name } });
  });

  it.each([
    ['闸北区', '静安区'],
    ['上海市卢湾区', '黄浦区'],
    ['南汇', '浦东新区'],
    ['浦东区', '浦东新区'],
    ['崇明县', '崇明区'],
    ['上海市\u3000松江区', '松江区'], // ideographic spaces fold away
    ['　松江区　', '松江区'],
  ])('%s is %s', (form, name) => {
    expect(placeOf(form)).toEqual({ inShanghai: true, name });
  });

  it.each(['江苏省苏州市', '江苏苏州', '北京市', '北京', '浙江省嘉兴市', '苏州市', '苏州', '杭州市', '昆山市', '广东省深圳市南山区', '新疆维吾尔自治区乌鲁木齐市', '香港'])(
    '%s lies outside Shanghai',
    (form) => {
      expect(placeOf(form)).toEqual({ inShanghai: false, name: form });
    },
  );

  it.each(['', '  ', '上海', '上海市', '上海市外', '松江去', '松', '松江市', '某某市', 'Songjiang', '上海市松江县城', '外区', '-'])('%j names no known place', (form) => {
    expect(placeOf(form)).toBeNull();
  });

  it('compares places', () => {
    expect(samePlace('上海市松江区', '松江')).toBe(true);
    expect(samePlace('松江区', '青浦区')).toBe(false);
    expect(samePlace('松江去', '松江去')).toBe(false);
  });
});
