import { BadRequestException } from '@nestjs/common';
import { validationPipe } from '../../src/app.factory';
import { FileApplicationDto } from '../../src/modules/selection/dto/application.dto';
import { UpdateTalentDto } from '../../src/modules/talents/dto/update-talent.dto';

/**
 * Issue 19.9: the applicant of a 申报表 and PATCH /talents take their fields
 * from CreateTalentDto (PickType/PartialType) instead of copies; the answers
 * stay as they were: each message names its field, by its path when nested.
 */
async function refusal(metatype: new () => object, body: object): Promise<{ message: string[]; fields: Array<{ field: string; constraint: string }> }> {
  try {
    await validationPipe().transform(body, { type: 'body', metatype });
  } catch (error) {
    if (error instanceof BadRequestException) return error.getResponse() as never;
    throw error;
  }
  throw new Error('accepted');
}

const EMPLOYER = '6f1c2a36-9a4c-4b8e-8f7a-0d1b2c3d4e5f';
const content = { occupation: '数控车工', skillLevel: 'technician', post: '班组长', industry: 'ai', channel: 'employer' };

describe('the talent fields shared by POST /talents, a 申报表 applicant and PATCH /talents', () => {
  it('an applicant has POST /talents’ rules, its messages named by the path person.…', async () => {
    const answer = await refusal(FileApplicationDto, { ...content, person: { name: ' ', idNumber: 'x'.repeat(41), employerId: 'nope', email: 'not-mail', retirementCategory: 'x', phone: 'p'.repeat(31) } });
    expect(answer.fields).toEqual(
      expect.arrayContaining([
        { field: 'person.name', constraint: 'matches' },
        { field: 'person.idNumber', constraint: 'maxLength' },
        { field: 'person.employerId', constraint: 'isUuid' },
        { field: 'person.email', constraint: 'isEmail' },
        { field: 'person.retirementCategory', constraint: 'isIn' },
        { field: 'person.phone', constraint: 'maxLength' },
      ]),
    );
    expect(answer.message).toContain('person.name must not be blank');
    expect((await refusal(FileApplicationDto, { ...content, person: { name: '张伟', idNumber: '1', employerId: EMPLOYER, skillLevel: '技师' } })).fields).toEqual([
      { field: 'person.skillLevel', constraint: 'whitelistValidation' },
    ]);
    expect((await refusal(FileApplicationDto, { ...content, person: { employerId: EMPLOYER } })).fields).toEqual([
      { field: 'person.name', constraint: 'isDefined' },
      { field: 'person.idNumber', constraint: 'isDefined' },
    ]);
  });

  it('PATCH /talents takes only what changes after registration, all optional, each with its rule', async () => {
    await expect(validationPipe().transform({}, { type: 'body', metatype: UpdateTalentDto })).resolves.toEqual({});
    expect((await refusal(UpdateTalentDto, { name: '改名', idNumber: '1' })).fields).toEqual([
      { field: 'name', constraint: 'whitelistValidation' },
      { field: 'idNumber', constraint: 'whitelistValidation' },
    ]);
    // an address over 254 characters is not an e-mail address
    const long = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(59)}.cn`;
    expect((await refusal(UpdateTalentDto, { email: long })).fields).toEqual([{ field: 'email', constraint: 'isEmail' }]);
    expect((await refusal(UpdateTalentDto, { email: 'x', employerId: 'x', phone: 'p'.repeat(31), retirementCategory: 'x' })).fields).toEqual([
      { field: 'employerId', constraint: 'isUuid' },
      { field: 'phone', constraint: 'maxLength' },
      { field: 'email', constraint: 'isEmail' },
      { field: 'retirementCategory', constraint: 'isIn' },
    ]);
  });
});
