import { PiiCipher } from '../../src/core/crypto/pii-cipher';
import { makeCreditCode } from '../../src/modules/organizations/credit-code';
import { CohortRow, cohortRows, importFootprint, IMPORT_HEADER, toCsv } from '../support/designations-csv';
import { creditCode, Given, idNumberFor } from '../support/given';
import { userWithRole } from '../support/http';
import { idNumberEndingInX } from '../support/ids';
import { toXlsx, XLSX, zipBomb } from '../support/sheets';
import { startTestApp, TestApp } from '../support/test-app';

interface RowError {
  row: number;
  field: string;
  constraint: string;
  otherRow?: number;
  message: string;
}

describe('designations: bulk import of a cohort list', () => {
  let t: TestApp;
  let given: Given;
  let employer: { id: string; creditCode: string };
  let cohortSerial = 1950;

  /** A cohort no other test in this file uses, so lists filtered by it hold only this test's rows. */
  const freshCohort = () => String(cohortSerial++);

  const upload = (body: string | Buffer, token?: string | null) => t.http(token).post('/api/v1/designations/import').set('Content-Type', 'text/csv; charset=utf-8').send(body);

  const rows = (n: number, fields: Partial<CohortRow> = {}) =>
    cohortRows(n, { employerCreditCode: employer.creditCode, cohort: freshCohort(), designatedOn: '2024-06-15', ...fields });

  /** An import that must succeed; a refusal shows its whole answer (row errors included), not only the status. */
  async function created(request: PromiseLike<{ status: number; body: unknown }>, count: number): Promise<void> {
    const res = await request;
    expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: { created: count } });
  }

  /** An import that must be refused as a whole: checks the status, that nothing was written, and returns the answer's body. */
  async function refusedWhole(body: string | Buffer, status = 400): Promise<{ message: string; errors?: RowError[] }> {
    const before = await importFootprint(t);
    const res = await upload(body);
    expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { statusCode: status, message: expect.any(String) } });
    expect(await importFootprint(t)).toEqual(before);
    return res.body;
  }

  /** The row errors of a file refused because of its rows. */
  async function rowErrors(body: string): Promise<RowError[]> {
    const answer = await refusedWhole(body);
    expect(answer.message).toContain('nothing was imported');
    return answer.errors ?? [];
  }

  async function designationsOfCohort(cohort: string): Promise<Array<{ id: string; talentId: string; talentName: string; termStart: string; employerId: string }>> {
    const res = await t.http().get(`/api/v1/designations?cohort=${cohort}&limit=200`).expect(200);
    return res.body.items;
  }

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
    employer = await given.employer();
  });
  afterAll(() => t.close());

  describe('a valid cohort list', () => {
    it('designates a cohort of 25 with Chinese names', async () => {
      const list = rows(25);
      const cohort = list[0].cohort;
      const res = await upload(toCsv(list)).expect(201);
      expect(res.body).toEqual({ created: 25 });
      const listed = await designationsOfCohort(cohort);
      expect(listed.map((d) => d.talentName).sort()).toEqual(list.map((r) => r.name).sort());
      expect(listed.every((d) => d.termStart === '2024-07-01' && d.employerId === employer.id)).toBe(true);
      const detail = await t.http().get(`/api/v1/designations/${listed[0].id}`).expect(200);
      expect(detail.body).toMatchObject({ status: 'active', cohort, designatedOn: '2024-06-15', termEnd: '2027-06-30', midTermDue: '2025-12-31', monthlyAllowanceFen: 100000 });
      expect(detail.body.timeline).toEqual([expect.objectContaining({ kind: 'designated', onDate: '2024-06-15' })]);
      const person = await t.http().get(`/api/v1/talents/${listed[0].talentId}`).expect(200);
      expect(person.body.idNumberMasked).toMatch(/^31\*{12}[0-9X]{4}$/);
    });

    it('pages through rows created in one statement exactly once', async () => {
      const list = rows(25);
      await upload(toCsv(list)).expect(201);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await t
          .http()
          .get(`/api/v1/designations?cohort=${list[0].cohort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .expect(200);
        seen.push(...res.body.items.map((d) => d.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(25);
      expect(new Set(seen).size).toBe(25);
    });

    it('gives imported people and designations time-ordered ids (UUID version 7), which the API takes like any other', async () => {
      const before = Date.now();
      const list = rows(5);
      await created(upload(toCsv(list)), 5);
      const listed = await designationsOfCohort(list[0].cohort);
      const ids = listed.flatMap((d) => [d.id, d.talentId]);
      for (const id of ids) {
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        // The first 48 bits are the database's clock in milliseconds: this import's, give or take the clocks' skew.
        const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
        expect(Math.abs(ms - before)).toBeLessThan(60_000);
      }
      await t.http().get(`/api/v1/designations/${listed[0].id}`).expect(200);
      await t.http().get(`/api/v1/talents/${listed[0].talentId}`).expect(200);
      // Made later, ordered later: the next import's ids sort after these.
      const next = rows(1);
      await created(upload(toCsv(next)), 1);
      const [later] = await designationsOfCohort(next[0].cohort);
      expect(ids.every((id) => id < later.id && id < later.talentId)).toBe(true);
    });

    it('reads a file with a UTF-8 byte order mark, as Excel saves it', async () => {
      const list = rows(3);
      await created(upload(Buffer.from(toCsv(list, { bom: true }), 'utf8')), 3);
      expect((await designationsOfCohort(list[0].cohort)).map((d) => d.talentName).sort()).toEqual(list.map((r) => r.name).sort());
    });

    it('reads a file with CRLF line endings', async () => {
      const list = rows(3);
      await created(upload(toCsv(list, { eol: '\r\n' })), 3);
      expect(await designationsOfCohort(list[0].cohort)).toHaveLength(3);
    });

    it('reads quoted values, blank lines and a header padded with spaces', async () => {
      const [a, b] = rows(2);
      const body = ` name , idNumber ,employerCreditCode,cohort,designatedOn\n"${a.name}",${a.idNumber},"${a.employerCreditCode}",${a.cohort},${a.designatedOn}\n\n${b.name},${b.idNumber},${b.employerCreditCode},${b.cohort},${b.designatedOn}\n`;
      await created(upload(body), 2);
    });

    it('matches a person already registered instead of registering them twice', async () => {
      const known = await given.talent({ name: '陈建华', birthDate: '1978-04-12', employerId: employer.id });
      const list = rows(3);
      list[2] = { ...list[2], name: '陈建华', idNumber: await registeredIdNumber(known.id) };
      const before = await importFootprint(t);
      await created(upload(toCsv(list)), 3);
      const after = await importFootprint(t);
      expect(after.talents - before.talents).toBe(2);
      expect((await designationsOfCohort(list[0].cohort)).map((d) => d.talentId)).toContain(known.id);
    });

    it('matches a registered number written with a lower-case x', async () => {
      const idNumber = idNumberEndingInX('1985-08-08');
      const known = await given.talent({ name: '周立新', idNumber, employerId: employer.id });
      const list = rows(1, { name: '周立新', idNumber: idNumber.toLowerCase() });
      await created(upload(toCsv(list)), 1);
      expect((await designationsOfCohort(list[0].cohort)).map((d) => d.talentId)).toEqual([known.id]);
    });

    it('keeps a registered woman cadre’s retirement category when matching her', async () => {
      // As a worker she would have retired in 2022; as a cadre she works until 2027-10-10.
      const cadre = await given.talent({ name: '沈桂英', birthDate: '1972-03-10', gender: 'female', retirementCategory: 'female_cadre', employerId: employer.id });
      expect(cadre.statutoryRetirementDate).toBe('2027-10-10');
      const list = rows(1, { name: '沈桂英', idNumber: await registeredIdNumber(cadre.id) });
      await created(upload(toCsv(list)), 1);
      expect((await designationsOfCohort(list[0].cohort)).map((d) => d.talentId)).toEqual([cadre.id]);
    });

    it('moves a matched person to the employer the cohort list names', async () => {
      const other = await given.employer();
      const known = await given.talent({ name: '郭振华', employerId: employer.id });
      const list = rows(1, { name: '郭振华', idNumber: await registeredIdNumber(known.id), employerCreditCode: other.creditCode });
      await created(upload(toCsv(list)), 1);
      expect((await t.http().get(`/api/v1/talents/${known.id}`).expect(200)).body.employerId).toBe(other.id);
    });

    it('lets only one of two simultaneous uploads of the same list through, never a 5xx', async () => {
      const list = rows(25);
      const before = await importFootprint(t);
      const answers = await Promise.all([upload(toCsv(list)), upload(toCsv(list))]);
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses[0]).toBe(201);
      expect([400, 409]).toContain(statuses[1]);
      const after = await importFootprint(t);
      expect({ talents: after.talents - before.talents, designations: after.designations - before.designations }).toEqual({ talents: 25, designations: 25 });
    });

    it('imports 10,000 rows in one request', async () => {
      const list = rows(10_000);
      const before = await importFootprint(t);
      const res = await upload(toCsv(list));
      expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: { created: 10_000 } });
      const after = await importFootprint(t);
      expect(after.designations - before.designations).toBe(10_000);
      expect(after.talents - before.talents).toBe(10_000);
      const [{ count, audited }] = await t.db.query(
        `SELECT count(*)::int AS count,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM audit_events a WHERE a.action = 'designation.imported' AND a.entity_id = d.id::text))::int AS audited
           FROM designations d WHERE d.cohort = $1 AND d.status = 'active'`,
        [list[0].cohort],
      );
      expect({ count, audited }).toEqual({ count: 10_000, audited: 10_000 });
    }, 120_000);
  });

  describe('rows that cannot be imported', () => {
    it('refuses a known ID number under another name, naming name', async () => {
      const known = await given.talent({ name: '刘德胜', employerId: employer.id });
      const list = rows(3);
      list[1] = { ...list[1], name: '刘德生', idNumber: await registeredIdNumber(known.id) };
      expect(await rowErrors(toCsv(list))).toEqual([{ row: 3, field: 'name', constraint: 'nameMismatch', message: expect.any(String) }]);
    });

    it('refuses an employer credit code nobody registered, naming employerCreditCode', async () => {
      const list = rows(2);
      list[0].employerCreditCode = creditCode();
      list[1].employerCreditCode = makeCreditCode('91310117MA1000000').slice(0, 17) + '0';
      const errors = await rowErrors(toCsv(list));
      expect(errors.map((e) => [e.row, e.field, e.constraint])).toEqual([
        [2, 'employerCreditCode', 'unknownCreditCode'],
        [3, 'employerCreditCode', 'invalidCreditCode'],
      ]);
    });

    it('refuses a person who already holds an active designation', async () => {
      const held = await given.designation({ talentId: (await given.talent({ name: '马永康', employerId: employer.id })).id });
      const list = rows(2);
      list[0] = { ...list[0], name: '马永康', idNumber: await registeredIdNumber(held.talentId) };
      const errors = await rowErrors(toCsv(list));
      expect(errors).toEqual([{ row: 2, field: 'idNumber', constraint: 'alreadyDesignated', message: expect.stringContaining('active designation') }]);
    });

    it('refuses the same ID number twice in one file, on the second row', async () => {
      const list = rows(4);
      list[3] = { ...list[3], idNumber: list[1].idNumber };
      const errors = await rowErrors(toCsv(list));
      expect(errors).toEqual([{ row: 5, field: 'idNumber', constraint: 'duplicateInFile', otherRow: 3, message: expect.stringContaining('row 3') }]);
    });

    it('refuses the same number written once with X and once with x', async () => {
      const list = rows(2);
      const idNumber = idNumberEndingInX('1986-09-09', '310118');
      list[0].idNumber = idNumber;
      list[1].idNumber = idNumber.toLowerCase();
      expect((await rowErrors(toCsv(list))).map((e) => [e.row, e.field])).toEqual([[3, 'idNumber']]);
    });

    it('refuses a person past the statutory retirement date on designatedOn', async () => {
      const list = rows(1, { idNumber: idNumberFor('1960-02-02', 'male') });
      expect((await rowErrors(toCsv(list))).map((e) => [e.row, e.field])).toEqual([[2, 'designatedOn']]);
    });

    it('lists every bad row of a file in one answer, with its row number and field, and writes nothing', async () => {
      const known = await given.talent({ name: '罗文斌', employerId: employer.id });
      const list = rows(8);
      list[0].idNumber = list[0].idNumber.slice(0, 17) + (list[0].idNumber.endsWith('1') ? '2' : '1');
      list[2].designatedOn = '2024-02-30';
      list[3].cohort = 'abc';
      list[4] = { ...list[4], name: '罗文彬', idNumber: await registeredIdNumber(known.id) };
      list[5].employerCreditCode = creditCode();
      list[6].name = '';
      const errors = await rowErrors(toCsv(list));
      expect(errors.map((e) => [e.row, e.field])).toEqual([
        [2, 'idNumber'],
        [4, 'designatedOn'],
        [5, 'cohort'],
        [6, 'name'],
        [7, 'employerCreditCode'],
        [8, 'name'],
      ]);
      expect(errors.every((e) => typeof e.message === 'string' && e.message.length > 0)).toBe(true);
      const answer = await refusedWhole(toCsv(list));
      expect(answer.message).toContain('6');
    });

    it('never puts a full ID number into a row error', async () => {
      const known = await given.talent({ name: '曾宏伟', employerId: employer.id });
      const idNumber = await registeredIdNumber(known.id);
      const list = rows(2);
      list[0] = { ...list[0], name: '曾宏', idNumber };
      list[1].idNumber = list[0].idNumber;
      const res = await upload(toCsv(list)).expect(400);
      expect(res.text).not.toContain(idNumber);
    });
  });

  describe('files that are not a cohort list', () => {
    const oneRow = () => toCsv(rows(1)).split('\n')[1];

    it('refuses a wrong header, saying what the header must be', async () => {
      const answer = await refusedWhole(`姓名,身份证号,信用代码,批次,认定日期\n${oneRow()}\n`);
      expect(answer.message).toContain(IMPORT_HEADER);
      const reordered = await refusedWhole(`idNumber,name,employerCreditCode,cohort,designatedOn\n${oneRow()}\n`);
      expect(reordered.message).toContain(IMPORT_HEADER);
    });

    it('refuses a row with the wrong number of columns, naming the row', async () => {
      const answer = await refusedWhole(`${IMPORT_HEADER}\n${oneRow()}\n${oneRow()},extra\n`);
      expect(answer.message).toMatch(/row 3.*columns/);
    });

    it('refuses an unterminated quote', async () => {
      const answer = await refusedWhole(`${IMPORT_HEADER}\n"张伟,${oneRow().split(',').slice(1).join(',')}\n`);
      expect(answer.message).toContain('quote');
    });

    it('refuses an empty body and a header without rows', async () => {
      expect((await refusedWhole('')).message).toMatch(/empty|CSV/);
      expect((await refusedWhole(`${IMPORT_HEADER}\n`)).message).toContain('no rows');
      expect((await refusedWhole(`${IMPORT_HEADER}\n\n,,,,\n`)).message).toContain('no rows');
    });

    it('refuses a body sent as JSON with 415', async () => {
      const before = await importFootprint(t);
      const res = await t.http().post('/api/v1/designations/import').send({ rows: rows(1) }).expect(415);
      expect(res.body.message).toContain('text/csv');
      expect(await importFootprint(t)).toEqual(before);
    });

    it('refuses a file that is not UTF-8', async () => {
      const gbk = Buffer.concat([Buffer.from(`${IMPORT_HEADER}\n`), Buffer.from([0xd5, 0xc5, 0xce, 0xb0]), Buffer.from(`,${oneRow().split(',').slice(1).join(',')}\n`)]);
      expect((await refusedWhole(gbk)).message).toContain('UTF-8');
    });

    it('refuses a ~20 MB file of 200,000 rows without writing anything', async () => {
      const line = oneRow().replace(/^[^,]*/, '上海松江首席技师候选人员名单甲');
      const body = `${IMPORT_HEADER}\n${Array.from({ length: 200_000 }, () => line).join('\n')}\n`;
      expect(Buffer.byteLength(body)).toBeGreaterThan(19_000_000);
      const before = await importFootprint(t);
      const res = await upload(body);
      expect([400, 413]).toContain(res.status);
      expect(res.body.message).toEqual(expect.any(String));
      expect(await importFootprint(t)).toEqual(before);
    }, 60_000);

    it('refuses a file over the body limit with 413', async () => {
      const res = await upload(Buffer.alloc(30 * 1024 * 1024, 'a'));
      expect(res.status).toBe(413);
    }, 60_000);

    it('is for the district office only', async () => {
      const finance = await userWithRole(t, 'finance');
      await upload(toCsv(rows(1)), finance).expect(403);
      await upload(toCsv(rows(1)), null).expect(401);
    });
  });

  describe('the same list as an .xlsx workbook (SPEC §3.7)', () => {
    const HEADER = ['name', 'idNumber', 'employerCreditCode', 'cohort', 'designatedOn'];
    const CHINESE = ['姓名', '身份证号', '统一社会信用代码', '届别', '命名日期'];
    const uploadXlsx = (body: Buffer, contentType = XLSX) => t.http().post('/api/v1/designations/import').set('Content-Type', contentType).send(body);
    const cells = (list: CohortRow[]) => list.map((r) => [r.name, r.idNumber, r.employerCreditCode, r.cohort, r.designatedOn]);
    /** Serial 45458 is 2024-06-15 in Excel's 1900 date system. */
    const SERIAL_2024_06_15 = (Date.UTC(2024, 5, 15) - Date.UTC(1899, 11, 30)) / 86_400_000;

    it('imports a list with Chinese headings, as the template has them', async () => {
      const list = rows(4);
      await created(uploadXlsx(await toXlsx(CHINESE, cells(list), { textColumns: [2] })), 4);
      expect((await designationsOfCohort(list[0].cohort)).map((d) => d.talentName).sort()).toEqual(list.map((r) => r.name).sort());
    });

    it('gives the same row errors, in the same sheet row numbers, as the same list in CSV', async () => {
      const known = await given.talent({ name: '罗文亮', employerId: employer.id });
      const list = rows(8);
      list[0].idNumber = list[0].idNumber.slice(0, 17) + (list[0].idNumber.endsWith('1') ? '2' : '1');
      list[2].designatedOn = '2024-02-30';
      list[3].cohort = 'abc';
      list[4] = { ...list[4], name: '罗文量', idNumber: await registeredIdNumber(known.id) };
      list[5].employerCreditCode = creditCode();
      list[6].name = '';
      const fromCsv = await rowErrors(toCsv(list));
      const before = await importFootprint(t);
      const res = await uploadXlsx(await toXlsx(HEADER, cells(list)));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(fromCsv);
      expect(fromCsv.map((e) => e.row)).toEqual([2, 4, 5, 6, 7, 8]);
      expect(await importFootprint(t)).toEqual(before);
    });

    it('keeps the trailing X of an ID number written as text', async () => {
      const idNumber = idNumberEndingInX('1987-03-03', '310118');
      const list = rows(1, { idNumber });
      await created(uploadXlsx(await toXlsx(HEADER, cells(list), { textColumns: [2] })), 1);
      const [d] = await designationsOfCohort(list[0].cohort);
      expect(await registeredIdNumber(d.talentId)).toBe(idNumber);
    });

    it('refuses an ID number stored as a number (Excel kept 15 digits of it), telling to format the column as text', async () => {
      // All digits (no X), so that it can be typed as a number at all.
      const list = rows(12).filter((r) => /^\d{18}$/.test(r.idNumber)).slice(0, 2);
      const body = await toXlsx(HEADER, cells(list).map((r, i) => (i === 1 ? [r[0], Number(r[1]), ...r.slice(2)] : r)));
      const before = await importFootprint(t);
      const res = await uploadXlsx(body).expect(400);
      expect(res.body.errors).toEqual([{ row: 3, field: 'idNumber', constraint: 'unreadableCell', message: expect.stringContaining('format the column as text') }]);
      expect(await importFootprint(t)).toEqual(before);
    });

    it('reads designatedOn from a date cell, a date serial number and text alike', async () => {
      const list = rows(3);
      const body = await toXlsx(
        HEADER,
        cells(list).map((r, i) => [...r.slice(0, 4), [new Date(Date.UTC(2024, 5, 15)), SERIAL_2024_06_15, '2024-06-15'][i]]),
      );
      await created(uploadXlsx(body), 3);
      const listed = await designationsOfCohort(list[0].cohort);
      expect(listed.map((d) => d.termStart)).toEqual(['2024-07-01', '2024-07-01', '2024-07-01']);
    });

    it('reads rich text, formulas by their saved result, a cohort typed as a number, and inline strings', async () => {
      const [a, b] = rows(2);
      const rich = { richText: [{ text: a.name.slice(0, 1), font: { bold: true } }, { text: a.name.slice(1) }] };
      const body = await toXlsx(HEADER, [
        [rich, a.idNumber, a.employerCreditCode, { formula: `"${a.cohort}"`, result: a.cohort }, a.designatedOn],
        [b.name, b.idNumber, { formula: 'A1', result: b.employerCreditCode }, Number(b.cohort), { formula: 'DATE(2024,6,15)', result: SERIAL_2024_06_15 }],
      ]);
      await created(uploadXlsx(body), 2);
      const [c] = rows(1);
      await created(uploadXlsx(await toXlsx(CHINESE, cells([c]), { inline: true })), 1);
    });

    it('reads only the first sheet', async () => {
      const list = rows(2);
      await created(uploadXlsx(await toXlsx(HEADER, cells(list), { sheetsBefore: ['说明'] })), 2);
    });

    it('refuses another spreadsheet type with 415 and a broken workbook with 400', async () => {
      const body = await toXlsx(HEADER, cells(rows(1)));
      const legacy = await uploadXlsx(body, 'application/vnd.ms-excel').expect(415);
      expect(legacy.body.message).toContain('text/csv');
      expect((await uploadXlsx(Buffer.from('name,idNumber\n')).expect(400)).body.message).toContain('.xlsx');
      expect((await uploadXlsx(body.subarray(0, body.length - 100)).expect(400)).body.message).toContain('.xlsx');
    });

    it('refuses a zip bomb before inflating it, naming the limit', async () => {
      const before = await importFootprint(t);
      const res = await uploadXlsx(await zipBomb(300)).expect(400);
      expect(res.body.message).toContain('MAX_XLSX_UNCOMPRESSED_BYTES');
      expect(await importFootprint(t)).toEqual(before);
    }, 60_000);

    it('refuses a wrong header in a workbook, naming the columns and their Chinese headings', async () => {
      const res = await uploadXlsx(await toXlsx(['姓名', '身份证', '信用代码', '届别', '命名日期'], cells(rows(1)))).expect(400);
      expect(res.body.message).toContain('name,idNumber,employerCreditCode,cohort,designatedOn');
      expect(res.body.message).toContain('姓名,身份证号');
    });
  });

  describe('the audit trail of an import', () => {
    it('records every imported designation and new person, without a full ID number', async () => {
      const list = rows(5);
      await upload(toCsv(list)).expect(201);
      const imported = await designationsOfCohort(list[0].cohort);
      for (const d of imported) {
        const res = await t.http().get(`/api/v1/audit-events?entityType=designation&entityId=${d.id}`).expect(200);
        expect(res.body.items).toEqual([expect.objectContaining({ action: 'designation.imported', entityId: d.id, after: expect.objectContaining({ talentId: d.talentId, cohort: list[0].cohort }) })]);
        const person = await t.http().get(`/api/v1/audit-events?entityType=talent&entityId=${d.talentId}`).expect(200);
        expect(person.body.items).toEqual([expect.objectContaining({ action: 'talent.created', after: expect.objectContaining({ idNumberMasked: expect.stringMatching(/^31\*{12}[0-9X]{4}$/) }) })]);
        expect(res.text + person.text).not.toMatch(new RegExp(list.map((r) => r.idNumber).join('|')));
      }
      const stored = JSON.stringify(
        await t.db.query('SELECT * FROM audit_events WHERE entity_id = ANY($1::text[])', [imported.flatMap((d) => [d.id, d.talentId])]),
      );
      expect(list.filter((r) => stored.includes(r.idNumber))).toEqual([]);
    });
  });

  /** The full number of a registered person, read back as the roster export would. */
  async function registeredIdNumber(talentId: string): Promise<string> {
    const [row] = await t.db.query('SELECT id_number_enc FROM talents WHERE id = $1', [talentId]);
    return t.app.get(PiiCipher).decrypt(row.id_number_enc);
  }
});
