import os from 'node:os';
import path from 'node:path';

export interface Config {
  host: string;
  port: number;
  databaseUrl?: string;
  /** PostgreSQL connections per server process. */
  databasePoolSize: number;
  dataDir: string;
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  /** Largest accepted import file, in bytes. */
  importMaxBytes: number;
  /** Requests per minute per client on the API; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Sign-in attempts per 15 minutes per client address and email. */
  signInAttempts: number;
  sessionDays: number;
  secureCookies: boolean;
  /** Behind a reverse proxy: take client addresses from X-Forwarded-For. */
  trustProxy: boolean;
  logLevel: string;
  /** Check every response against its schema before sending (tests turn it on; it costs CPU). */
  validateResponses: boolean;
  /** Run background jobs (imports, exports) in this process; off for API-only processes. */
  runJobs: boolean;
  /** How often an idle job worker looks for work, in seconds (at least 0.5). */
  jobPollSeconds: number;
  /** Threads that validate import rows; 0 validates on the import's own thread. */
  importWorkers: number;
  /** How far the JavaScript heap may grow past its live data before a full collection (src/server/heap.ts); 0 leaves V8's own. */
  heapGrowingPercent: number;
  /** Seconds without a heartbeat after which a running import counts as dead and is resumed. */
  importStaleSeconds: number;
  /** Days an import's file is kept after the import ends (or after an upload never started); 0 keeps files. */
  importFileKeepDays: number;
  /** Milliseconds a background bulk action waits between chunks, leaving the database to other work. */
  bulkPauseMs: number;
  /**
   * Whether webhooks may be sent to private addresses (loopback, RFC 1918, link-local…): off by
   * default, so a hook cannot reach internal services (src/modules/webhooks/address.ts).
   */
  webhookAllowPrivate: boolean;
}

function int(name: string, fallback: number, env = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

function seconds(name: string, fallback: number, min: number, env = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min)
    throw new Error(`${name} must be a number of seconds, at least ${min}, got "${raw}"`);
  return n;
}

export function loadConfig(env = process.env): Config {
  return {
    host: env.HOST || '127.0.0.1',
    port: int('PORT', 3000, env),
    databaseUrl: env.DATABASE_URL || undefined,
    databasePoolSize: int('DATABASE_POOL_SIZE', 10, env),
    dataDir: env.DATA_DIR?.startsWith('memory://') ? env.DATA_DIR : path.resolve(env.DATA_DIR || './data'),
    bodyLimit: int('BODY_LIMIT', 1024 * 1024, env),
    importMaxBytes: int('IMPORT_MAX_BYTES', 200 * 1024 * 1024, env),
    rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', 6000, env),
    signInAttempts: int('SIGN_IN_ATTEMPTS', 10, env),
    sessionDays: int('SESSION_DAYS', 14, env),
    secureCookies: env.SECURE_COOKIES === 'true',
    trustProxy: env.TRUST_PROXY === 'true',
    logLevel: env.LOG_LEVEL || 'info',
    validateResponses: env.VALIDATE_RESPONSES === 'true',
    runJobs: env.RUN_JOBS !== 'false',
    jobPollSeconds: seconds('JOB_POLL_SECONDS', 2, 0.5, env),
    importWorkers: int('IMPORT_WORKERS', Math.min(2, Math.max(1, os.availableParallelism() - 1)), env),
    importStaleSeconds: int('IMPORT_STALE_SECONDS', 60, env),
    importFileKeepDays: int('IMPORT_FILE_KEEP_DAYS', 7, env),
    heapGrowingPercent: int('HEAP_GROWING_PERCENT', 50, env),
    bulkPauseMs: int('BULK_PAUSE_MS', 0, env),
    webhookAllowPrivate: env.WEBHOOK_ALLOW_PRIVATE === 'true' || env.WEBHOOK_ALLOW_PRIVATE === '1',
  };
}
