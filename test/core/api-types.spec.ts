import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderApiTypes } from '../../scripts/api-types';
import { startTestApp, TestApp } from '../support/test-app';

describe("the console's API types are generated from the served OpenAPI document", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ queue: false });
  });
  afterAll(() => t.close());

  it('web/src/api-types.ts matches /docs-json (run `npm run api-types` after changing a view or route)', async () => {
    const document = (await t.http(null).get('/docs-json').expect(200)).body;
    const checkedIn = readFileSync(join(__dirname, '../../web/src/api-types.ts'), 'utf8');
    expect(checkedIn).toBe(await renderApiTypes(document));
  });
});
