import { createHash } from 'node:crypto';
import { startTestApp, TestApp } from '../support/test-app';

describe('the web console is served by the service', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ queue: false });
  });
  afterAll(() => t.close());

  it('serves the page at / with a CSP that allows exactly its import map', async () => {
    const res = await t.http(null).get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<div id="app">');
    const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(res.text)![1];
    const hash = createHash('sha256').update(importMap, 'utf8').digest('base64');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(csp).not.toContain('upgrade-insecure-requests'); // the console is also reached over plain http inside the office network
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  });

  it('serves every module the import map and the page name', async () => {
    const page = (await t.http(null).get('/').expect(200)).text;
    const imports = JSON.parse(/<script type="importmap">([\s\S]*?)<\/script>/.exec(page)![1]).imports as Record<string, string>;
    for (const url of [...Object.values(imports), '/console/app/main.js', '/console/styles.css']) {
      const res = await t.http(null).get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
    }
  });

  it('every relative import of the compiled console resolves (browsers need the .js extension)', async () => {
    const seen = new Set<string>();
    const visit = async (url: string): Promise<void> => {
      if (seen.has(url)) return;
      seen.add(url);
      const res = await t.http(null).get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      for (const [, spec] of res.text.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) await visit(new URL(spec, `http://x${url}`).pathname);
    };
    await visit('/console/app/main.js');
    expect(seen.size).toBeGreaterThan(5);
  });

  it('answers 404 for files that do not exist, and never lists folders or serves files outside the console’s', async () => {
    await t.http(null).get('/console/app/nothing.js').expect(404);
    await t.http(null).get('/console/vendor/preact/').expect(404);
    for (const url of ['/console/../package.json', '/console/app/%2e%2e/%2e%2e/package.json', '/console/vendor/preact/%2e%2e/%2e%2e/package.json']) {
      const res = await t.http(null).get(url);
      expect([403, 404]).toContain(res.status);
      expect(res.text).not.toContain('songjiang-talent-lifecycle');
    }
  });

  it('serves of Preact only the dist folders the import map names, not the rest of the package', async () => {
    await t.http(null).get('/console/vendor/preact/dist/preact.mjs').expect(200);
    for (const url of [
      '/console/vendor/preact/package.json',
      '/console/vendor/preact/src/index.js',
      '/console/vendor/preact/src/index.d.ts',
      '/console/vendor/preact/README.md',
      '/console/vendor/preact/compat/dist/compat.mjs',
      '/console/vendor/preact/hooks/package.json',
      '/console/vendor/preact/hooks/src/index.js',
      '/console/vendor/preact/dist/',
      '/console/vendor/preact-render-to-string/package.json',
    ]) {
      const res = await t.http(null).get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 404 });
    }
    const up = await t.http(null).get('/console/vendor/preact/dist/%2e%2e/package.json');
    expect([403, 404]).toContain(up.status);
    expect(up.text).not.toContain('"name": "preact"');
  });
});
