import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { isBusinessDate } from '../clock/business-date';
import { validateCronExpression } from 'cron';

export type AppRole = 'api' | 'worker' | 'all';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** `pretty`: one readable line per entry, for a person at a terminal; `json`: pino's lines, for containers and files. */
export type LogFormat = 'json' | 'pretty';

export interface AppConfig {
  port: number;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  piiKey: string | undefined;
  bootstrapAdminToken: string | undefined;
  bootstrapAdminPassword: string | undefined;
  appRole: AppRole;
  logLevel: LogLevel;
  logFormat: LogFormat;
  dataDir: string;
  embeddedPgPort: number;
  publicUrl: string;
  queuePrefix: string;
  /** Express `trust proxy`: false, a hop count, or the proxies' addresses; decides what req.ip (the address sign-in limits count) is. */
  trustProxy: false | number | string;
  schedules: {
    payments: string;
    lifecycle: string;
    assessments: string;
    notifications: string;
    selection: string;
  };
  mail: {
    maxAttempts: number;
    retryBaseSeconds: number;
    batchSize: number;
  };
  programme: {
    /** SPEC §3.2 (setting): the chief technician's monthly allowance. */
    monthlyAllowanceFen: number;
    /** SPEC §3.5 (setting): how many days ahead of a statutory retirement date to propose the adjustment. */
    retirementNoticeDays: number;
    /** The programme's district: social insurance elsewhere means 流动到外区. */
    homeDistrict: string;
    /** SPEC §3.3 (settings): a chief technician workshop's grant by level, paid in three yearly instalments. */
    grantMunicipalFen: number;
    grantDistrictFen: number;
    /** SPEC §3.1 (setting): no designatedOn before this day. */
    earliestDesignation: string;
  };
  jobs: {
    /** SPEC §5: POST /jobs/{name}/run may run as of a day after today (demos and tests only). */
    allowFutureAsOf: boolean;
  };
  review: {
    /** SPEC §3.8 step 6 (setting PUBLICITY_WORKING_DAYS): how many working days the 公示 lasts. */
    publicityWorkingDays: number;
  };
  auth: {
    /** Console sessions end this many minutes after sign-in. */
    sessionTtlMinutes: number;
    /** Wrong passwords for one username from one client (device or address) within the window before sign-in answers 429; see PasswordAttempts for the wider buckets. */
    signInMaxFailures: number;
    signInWindowMinutes: number;
  };
  assessments: {
    /** SPEC §3.4 (settings): days before due a task opens, days before due the reminder goes, days overdue before escalation. */
    openDaysBefore: number;
    reminderDaysBefore: number;
    escalationDaysAfter: number;
    /** SPEC §3.4 (settings): the lowest score of 优秀, 合格 and 基本合格; 不合格 is under the last. */
    scoreBands: { excellent: number; qualified: number; basicallyQualified: number };
  };
  selection: {
    /** SPEC §3.8 (setting): a round's quota when the office gives none. */
    defaultQuota: number;
    /** SPEC §3.8 (setting EMPLOYER_NOMINATIONS_MAX): employer-channel applications per employer per round. */
    nominationsMaxPerEmployer: number;
    /** SPEC §3.8 (setting APPLICATION_BAN_YEARS): how long a finding of false material bars applying. */
    banYears: number;
    /** Issue 16: days an application may wait in a street's or authority's queue before a reminder goes. */
    recommendationReminderDays: number;
  };
}

/** A bad setting stops the start with one line that names it. */
export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`${variable}: ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got '${raw}'`);
  }
  return Number(raw);
}

/** SPEC §3.4 bands: each grade's lowest score, strictly falling from 优秀 to 基本合格. */
function scoreBands(env: Env): { excellent: number; qualified: number; basicallyQualified: number } {
  const excellent = integer(env, 'ASSESSMENT_SCORE_EXCELLENT_MIN', 90, 1, 100);
  const qualified = integer(env, 'ASSESSMENT_SCORE_QUALIFIED_MIN', 75, 1, 100);
  const basicallyQualified = integer(env, 'ASSESSMENT_SCORE_BASICALLY_QUALIFIED_MIN', 60, 1, 100);
  if (!(excellent > qualified)) throw new ConfigError('ASSESSMENT_SCORE_QUALIFIED_MIN', `must be below ASSESSMENT_SCORE_EXCELLENT_MIN (${excellent}), got '${qualified}'`);
  if (!(qualified > basicallyQualified)) throw new ConfigError('ASSESSMENT_SCORE_BASICALLY_QUALIFIED_MIN', `must be below ASSESSMENT_SCORE_QUALIFIED_MIN (${qualified}), got '${basicallyQualified}'`);
  return { excellent, qualified, basicallyQualified };
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got '${raw}'`);
  }
  return raw as T;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got '${raw}'`);
}

function date(env: Env, name: string, fallback: string): string {
  const raw = text(env, name) ?? fallback;
  if (!isBusinessDate(raw)) throw new ConfigError(name, `must be a calendar date written YYYY-MM-DD, got '${raw}'`);
  return raw;
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a valid URL (expected ${protocols.map((p) => `${p}//…`).join(' or ')})`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  if (!parsed.hostname) throw new ConfigError(name, 'has no host name');
  return raw;
}

/** Checked by the scheduler's own parser, so a schedule that passes here is one it can run (`99 99 * * *` is not). */
function cron(env: Env, name: string, fallback: string): string {
  const raw = text(env, name) ?? fallback;
  const fields = raw.split(/\s+/);
  if (fields.length < 5 || fields.length > 6) throw new ConfigError(name, `is not a cron expression (5 or 6 fields), got '${raw}'`);
  const checked = validateCronExpression(raw);
  if (!checked.valid) throw new ConfigError(name, `is not a cron expression the scheduler can run, got '${raw}': ${checked.error?.message ?? 'invalid'}`);
  return raw;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * Off by default: X-Forwarded-For is then ignored and req.ip is the peer. Set
 * it only behind a proxy that overwrites that header, to the number of proxies
 * in front (e.g. 1) or their addresses; `true` (trust any hop, so any client's
 * own X-Forwarded-For) is refused because it lets a client pick its address.
 */
function trustProxy(env: Env): false | number | string {
  const raw = text(env, 'TRUST_PROXY');
  if (raw === undefined || raw === 'false' || raw === '0') return false;
  if (/^\d+$/.test(raw)) return integer(env, 'TRUST_PROXY', 0, 1, 10);
  const entries = raw.split(',').map((e) => e.trim());
  const valid = (entry: string) => {
    if (PROXY_NAMES.includes(entry)) return true;
    const [address, bits, extra] = entry.split('/');
    if (extra !== undefined || isIP(address) === 0) return false;
    return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (isIP(address) === 4 ? 32 : 128));
  };
  const bad = entries.find((e) => !valid(e));
  if (bad !== undefined) {
    throw new ConfigError('TRUST_PROXY', `must be a number of proxies (1 to 10) or a comma-separated list of ${PROXY_NAMES.join(', ')}, IP addresses or subnets (10.0.0.0/8), got '${bad}'`);
  }
  return entries.join(',');
}

export function loadConfig(env: Env = process.env): AppConfig {
  const piiKey = text(env, 'PII_KEY');
  if (piiKey !== undefined && !/^[0-9a-fA-F]{64}$/.test(piiKey)) {
    throw new ConfigError('PII_KEY', 'must be 64 hexadecimal characters (a 256-bit key)');
  }
  const bootstrapAdminToken = text(env, 'BOOTSTRAP_ADMIN_TOKEN');
  if (bootstrapAdminToken !== undefined && bootstrapAdminToken.length < 24) {
    throw new ConfigError('BOOTSTRAP_ADMIN_TOKEN', 'must be at least 24 characters');
  }
  const bootstrapAdminPassword = text(env, 'BOOTSTRAP_ADMIN_PASSWORD');
  if (bootstrapAdminPassword !== undefined && bootstrapAdminPassword.length < 10) {
    throw new ConfigError('BOOTSTRAP_ADMIN_PASSWORD', 'must be at least 10 characters');
  }
  const mailFrom = text(env, 'MAIL_FROM') ?? '松江区首席技师管理服务 <noreply@songjiang.example>';
  if (!/@/.test(mailFrom)) throw new ConfigError('MAIL_FROM', `must contain an e-mail address, got '${mailFrom}'`);
  const port = integer(env, 'PORT', 3000, 1, 65535);
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  if (databaseUrl !== undefined && piiKey === undefined) {
    // A generated key file is per machine: replicas sharing a database must share the key.
    throw new ConfigError('PII_KEY', 'is required when DATABASE_URL is set (64 hexadecimal characters)');
  }
  const queuePrefix = text(env, 'QUEUE_PREFIX') ?? 'sjct';
  if (!/^[A-Za-z0-9_-]+$/.test(queuePrefix)) throw new ConfigError('QUEUE_PREFIX', 'may hold only letters, digits, _ and -');
  return {
    port,
    databaseUrl,
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom,
    piiKey,
    bootstrapAdminToken,
    bootstrapAdminPassword,
    appRole: oneOf(env, 'APP_ROLE', ['api', 'worker', 'all'] as const, 'all'),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    logFormat: oneOf(env, 'LOG_FORMAT', ['json', 'pretty'] as const, process.stdout.isTTY ? 'pretty' : 'json'),
    dataDir: resolve(text(env, 'DATA_DIR') ?? '.data'),
    embeddedPgPort: integer(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535),
    publicUrl: (url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    queuePrefix,
    trustProxy: trustProxy(env),
    schedules: {
      payments: cron(env, 'SCHEDULE_PAYMENTS', '0 2 1 * *'),
      lifecycle: cron(env, 'SCHEDULE_LIFECYCLE', '0 1 * * *'),
      assessments: cron(env, 'SCHEDULE_ASSESSMENTS', '30 1 * * *'),
      notifications: cron(env, 'SCHEDULE_NOTIFICATIONS', '*/15 * * * * *'),
      selection: cron(env, 'SCHEDULE_SELECTION', '45 1 * * *'),
    },
    mail: {
      maxAttempts: integer(env, 'MAIL_MAX_ATTEMPTS', 8, 1, 100),
      retryBaseSeconds: integer(env, 'MAIL_RETRY_BASE_SECONDS', 30, 1, 86400),
      batchSize: integer(env, 'MAIL_BATCH_SIZE', 50, 1, 1000),
    },
    programme: {
      monthlyAllowanceFen: integer(env, 'ALLOWANCE_MONTHLY_FEN', 100_000, 0, 10_000_000),
      retirementNoticeDays: integer(env, 'RETIREMENT_NOTICE_DAYS', 30, 0, 365),
      homeDistrict: text(env, 'HOME_DISTRICT') ?? '松江区',
      grantMunicipalFen: integer(env, 'GRANT_MUNICIPAL_FEN', 8_000_000, 0, 1_000_000_000),
      grantDistrictFen: integer(env, 'GRANT_DISTRICT_FEN', 5_000_000, 0, 1_000_000_000),
      earliestDesignation: date(env, 'EARLIEST_DESIGNATION', '2016-01-01'),
    },
    jobs: {
      allowFutureAsOf: flag(env, 'JOBS_ALLOW_FUTURE_AS_OF', false),
    },
    review: {
      publicityWorkingDays: integer(env, 'PUBLICITY_WORKING_DAYS', 5, 1, 60),
    },
    auth: {
      sessionTtlMinutes: integer(env, 'SESSION_TTL_MINUTES', 480, 5, 7 * 24 * 60),
      signInMaxFailures: integer(env, 'SIGN_IN_MAX_FAILURES', 5, 1, 1000),
      signInWindowMinutes: integer(env, 'SIGN_IN_WINDOW_MINUTES', 15, 1, 24 * 60),
    },
    assessments: {
      openDaysBefore: integer(env, 'ASSESSMENT_OPEN_DAYS_BEFORE', 30, 0, 365),
      reminderDaysBefore: integer(env, 'ASSESSMENT_REMINDER_DAYS_BEFORE', 7, 0, 365),
      escalationDaysAfter: integer(env, 'ASSESSMENT_ESCALATION_DAYS_AFTER', 14, 0, 365),
      scoreBands: scoreBands(env),
    },
    selection: {
      defaultQuota: integer(env, 'ROUND_QUOTA_DEFAULT', 25, 1, 1000),
      nominationsMaxPerEmployer: integer(env, 'EMPLOYER_NOMINATIONS_MAX', 2, 1, 100),
      banYears: integer(env, 'APPLICATION_BAN_YEARS', 3, 1, 20),
      recommendationReminderDays: integer(env, 'RECOMMENDATION_REMINDER_DAYS', 7, 1, 365),
    },
  };
}

/** Injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
