import { recommenderOf, warningsFor } from '../../src/modules/selection/application-rules';

/** The pure rules of SPEC §3.8 steps 1–3, at their boundaries. */
describe('selection rules', () => {
  const codes = (skillLevel: Parameters<typeof warningsFor>[0]['skillLevel'], statutoryRetirementDate: string, filedOn = '2027-03-10') =>
    warningsFor({ skillLevel, statutoryRetirementDate, filedOn }).map((w) => w.code);

  it('warns when fewer than 3 years remain to the statutory retirement date on the filing day, not at exactly 3', () => {
    expect(codes('technician', '2030-03-10')).toEqual([]);
    expect(codes('technician', '2030-03-09')).toEqual(['NEAR_RETIREMENT']);
    expect(codes('technician', '2027-03-11')).toEqual(['NEAR_RETIREMENT']);
    // 29 February: three years on is 28 February.
    expect(codes('technician', '2031-02-28', '2028-02-29')).toEqual([]);
    expect(codes('technician', '2031-02-27', '2028-02-29')).toEqual(['NEAR_RETIREMENT']);
  });

  it('warns for 高级工 and 其他, not for 技师, 高级技师 or 相当水平', () => {
    expect(codes('senior_worker', '2040-01-01')).toEqual(['SKILL_BELOW_TECHNICIAN']);
    expect(codes('other', '2040-01-01')).toEqual(['SKILL_BELOW_TECHNICIAN']);
    for (const level of ['technician', 'senior_technician', 'equivalent'] as const) expect(codes(level, '2040-01-01')).toEqual([]);
    expect(codes('other', '2028-01-01')).toEqual(['NEAR_RETIREMENT', 'SKILL_BELOW_TECHNICIAN']);
  });

  it('sends an enterprise to its street and a public institution to its industry authority (its street when it has none)', () => {
    expect(recommenderOf({ sector: 'enterprise', streetId: 's', industryAuthorityId: 'a' })).toBe('s');
    expect(recommenderOf({ sector: 'public_institution', streetId: 's', industryAuthorityId: 'a' })).toBe('a');
    expect(recommenderOf({ sector: 'public_institution', streetId: 's', industryAuthorityId: null })).toBe('s');
  });
});
