import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/core/config/config';

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return 'no error';
}

describe('configuration', () => {
  it('has working defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, appRole: 'all', databaseUrl: undefined, redisUrl: undefined, smtpUrl: undefined, logLevel: 'info', embeddedPgPort: 54329 });
    expect(config.dataDir).toBe(join(process.cwd(), '.data'));
    expect(config.programme.earliestDesignation).toBe('2016-01-01');
    expect(config.jobs.allowFutureAsOf).toBe(false);
    expect(config.assessments.scoreBands).toEqual({ excellent: 90, qualified: 75, basicallyQualified: 60 });
  });

  it('reads EARLIEST_DESIGNATION and JOBS_ALLOW_FUTURE_AS_OF', () => {
    const config = loadConfig({ EARLIEST_DESIGNATION: '2018-07-01', JOBS_ALLOW_FUTURE_AS_OF: 'true' });
    expect(config.programme.earliestDesignation).toBe('2018-07-01');
    expect(config.jobs.allowFutureAsOf).toBe(true);
    expect(loadConfig({ JOBS_ALLOW_FUTURE_AS_OF: 'off' }).jobs.allowFutureAsOf).toBe(false);
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT: must be a whole number from 1 to 65535, got 'abc'$/],
    [{ PORT: '70000' }, /^PORT: /],
    [{ DATABASE_URL: 'not a url' }, /^DATABASE_URL: is not a valid URL/],
    [{ DATABASE_URL: 'postgres://db/x' }, /^PII_KEY: is required when DATABASE_URL is set/],
    [{ ALLOWANCE_MONTHLY_FEN: '1000.5' }, /^ALLOWANCE_MONTHLY_FEN: /],
    [{ ASSESSMENT_SCORE_EXCELLENT_MIN: '101' }, /^ASSESSMENT_SCORE_EXCELLENT_MIN: must be a whole number from 1 to 100/],
    [{ ASSESSMENT_SCORE_QUALIFIED_MIN: '90' }, /^ASSESSMENT_SCORE_QUALIFIED_MIN: must be below ASSESSMENT_SCORE_EXCELLENT_MIN \(90\), got '90'$/],
    [{ ASSESSMENT_SCORE_BASICALLY_QUALIFIED_MIN: '80' }, /^ASSESSMENT_SCORE_BASICALLY_QUALIFIED_MIN: must be below ASSESSMENT_SCORE_QUALIFIED_MIN \(75\)/],
    [{ DATABASE_URL: 'mysql://localhost/db' }, /^DATABASE_URL: must start with postgres:\/\//],
    [{ REDIS_URL: 'http://localhost' }, /^REDIS_URL: must start with redis:\/\//],
    [{ SMTP_URL: '::' }, /^SMTP_URL: /],
    [{ APP_ROLE: 'both' }, /^APP_ROLE: must be one of api, worker, all/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /],
    [{ LOG_FORMAT: 'xml' }, /^LOG_FORMAT: must be one of json, pretty/],
    [{ PII_KEY: 'short' }, /^PII_KEY: must be 64 hexadecimal characters/],
    [{ BOOTSTRAP_ADMIN_TOKEN: 'abc' }, /^BOOTSTRAP_ADMIN_TOKEN: /],
    [{ EMBEDDED_PG_PORT: '-1' }, /^EMBEDDED_PG_PORT: /],
    [{ SCHEDULE_PAYMENTS: 'every month' }, /^SCHEDULE_PAYMENTS: /],
    // Five fields of the right characters that no scheduler can run (issue 19.10).
    [{ SCHEDULE_LIFECYCLE: '99 99 * * *' }, /^SCHEDULE_LIFECYCLE: is not a cron expression the scheduler can run, got '99 99 \* \* \*': .*out of range/],
    [{ SCHEDULE_ASSESSMENTS: '0 0 31 2-13 *' }, /^SCHEDULE_ASSESSMENTS: /],
    [{ MAIL_FROM: 'nobody' }, /^MAIL_FROM: /],
    [{ EARLIEST_DESIGNATION: '2016-02-30' }, /^EARLIEST_DESIGNATION: must be a calendar date written YYYY-MM-DD, got '2016-02-30'$/],
    [{ EARLIEST_DESIGNATION: '2016' }, /^EARLIEST_DESIGNATION: /],
    [{ JOBS_ALLOW_FUTURE_AS_OF: 'maybe' }, /^JOBS_ALLOW_FUTURE_AS_OF: must be true or false, got 'maybe'$/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(problem(env as Record<string, string>)).toMatch(message);
  });

  const main = join(__dirname, '../../dist/src/main.js');
  (existsSync(main) ? it : it.skip)('stops the start with one line naming the variable, and no stack trace', () => {
    const result = spawnSync(process.execPath, [main], { env: { ...process.env, PORT: 'abc' }, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("Configuration error: PORT: must be a whole number from 1 to 65535, got 'abc'");
    expect(result.stderr).not.toContain('    at ');
  });
});
