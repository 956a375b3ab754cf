/**
 * Configuration from environment variables, validated at start. Each wrong variable gives one clear
 * line; `loadConfig` throws a ConfigError listing all of them.
 *
 * - `PORT` (default 3000), `HOST` (default 0.0.0.0; an IP address or a host name): where nilai listens.
 * - `DATA_DIR` (default ./data): embedded PostgreSQL data and nilai's generated secrets.
 * - `DATABASE_URL`: use this PostgreSQL (>= 15) instead of the embedded one.
 * - `PUBLIC_URL` (default http://localhost:PORT): base of survey links sent to customers.
 * - `LOG_LEVEL` (default info): fatal, error, warn, info, debug, trace or silent.
 * - `NILAI_ADMIN_EMAIL`, `NILAI_ADMIN_PASSWORD`: the first-run admin (a password is generated when unset).
 * - `COOKIE_SECURE` (default: true when PUBLIC_URL is https): mark the session cookie Secure.
 * - `SMTP_URL` (e.g. smtps://user:pass@smtp.example.com:465), `SMTP_FROM` (default "nilai <nilai@localhost>"):
 *   outgoing email (alerts to supervisors).
 * - `NILAI_SECRET_KEY` (at least 32 characters): the application key for survey-link tokens and for
 *   encrypting channel secrets; default: generated once into DATA_DIR/secrets.json. Several processes on
 *   one database must share it.
 * - `TRUST_PROXY` (default: none): the reverse proxies whose `X-Forwarded-For` nilai believes, as a
 *   comma-separated list of addresses and CIDR ranges (`10.0.0.0/8, ::1`, or `loopback`, `linklocal`,
 *   `uniquelocal`), or the number of proxies in front of nilai (`1`). Without it the client address is
 *   the socket's, so a client cannot pick its own address (sign-in limits are per address).
 * - `NILAI_EVENT_MAX_AGE_DAYS` (default 1096, at most 7305), `NILAI_EVENT_MAX_AHEAD_MINUTES` (default 5, at
 *   most 1440): how far before and after now an event's `occurredAt` may lie (events API and Chatwoot).
 * - `NILAI_SEND_TIMEOUT_MS` (default 10000, 1–15000): how long a provider, callback or alert webhook may
 *   take to answer; read by `channels/http-status.ts` at each send, checked here at start.
 * - `NILAI_SEND_CONCURRENCY` (default 10, 1–200): survey sends a process has open at once (from the start
 *   of a send until its result is committed). It bounds both the send rate (at most concurrency ÷ (the
 *   provider's answer time + one commit) per second) and how many surveys a killed process can have sent
 *   without recording it (sent again after the restart on Telegram and Chatwoot).
 * - `NILAI_WEB_SEND_CONCURRENCY` (default 100, 1–1000): web callback sends a process has open at once,
 *   besides those: a callback a crash repeats carries the same `webhook-id`, which receivers use to drop it.
 * - `NILAI_CHATWOOT_AVAILABILITY_POLL_S` (default 15, 5–3600): how old the Chatwoot agents list
 *   (`availability_status`) may be before an allocation round reads it again. Chatwoot sends no presence
 *   webhook; between readings only the assignee's status that conversation webhooks carry is seen.
 * - `NILAI_SWEEP_INTERVAL_MS` (default: unset, 100–3600000): how often each process runs its periodic sweeps:
 *   link expiry and due reminders (60 s when unset), auto resolve (30 s when unset, never less often than
 *   that) and allocation (15 s when unset, never less often). Each sweep takes its work once across
 *   processes (jobs/workers.ts), so a shorter interval costs queries, not duplicates; tests shorten it.
 * - `METRICS_TOKEN` (default: unset, /metrics answers 404): turns on `GET /metrics` (Prometheus) for
 *   requests with `Authorization: Bearer <METRICS_TOKEN>`.
 * - `NILAI_GOOGLE_SHEETS_URL` (default https://sheets.googleapis.com), `NILAI_GOOGLE_TOKEN_URL` (default: the
 *   service-account key's token_uri): where the Google Sheets integration calls; read by channels/sheets/client.ts.
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { DEFAULT_EVENT_WINDOW, EVENT_WINDOW_LIMITS, type EventWindow } from './domain/conversations/event-time.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  publicUrl: string;
  logLevel: string;
  adminEmail: string;
  adminPassword: string | null;
  cookieSecure: boolean;
  secretKey: string | null;
  smtpUrl: string | null;
  smtpFrom: string;
  /** Proxies trusted for X-Forwarded-For: none (false), a hop count, or addresses / CIDR ranges. */
  trustProxy: false | number | string[];
  /** How far from now an event's `occurredAt` may lie. */
  eventWindow: EventWindow;
  /** Surveys one process sends at once. */
  sendConcurrency: number;
  /** Web callback surveys one process sends at once, besides sendConcurrency. */
  keyedSendConcurrency: number;
  /** Bearer token of GET /metrics; null: /metrics is off. */
  metricsToken: string | null;
  /** How old Chatwoot's agents list may be before allocation reads it again, in seconds. */
  chatwootAvailabilityPollSeconds: number;
  /** How often the periodic sweeps run, in ms; null: each sweep's default (jobs/workers.ts). */
  sweepIntervalMs: number | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrRange(s: string): boolean {
  if (PROXY_NAMES.includes(s)) return true;
  const [address = '', prefix, ...rest] = s.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/** TRUST_PROXY as Fastify's `trustProxy`: a hop count or a list of addresses; null when unreadable. */
export function parseTrustProxy(raw: string | undefined): Config['trustProxy'] | null {
  const v = raw?.trim() ?? '';
  if (v === '' || v.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v) === 0 ? false : Number(v);
  const list = v.split(',').map((x) => x.trim()).filter(Boolean);
  return list.length && list.every(isAddressOrRange) ? list : null;
}

/** A host to listen on: an IP address, or a DNS name (letters, digits, dashes; dot-separated labels). */
export function isListenHost(s: string): boolean {
  if (isIP(s)) return true;
  if (/^[\d.]+$/.test(s)) return false; // looks like an IPv4 address but is not one (999.1.1.1)
  return s.length <= 253 && s.split('.').every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(label));
}

/** Most a send may wait: a dispatch job still active after 20 s is presumed dead (jobs/queue.ts). */
export const SEND_TIMEOUT_MAX_MS = 15_000;
export const DEFAULT_SEND_TIMEOUT_MS = 10_000;
/** Survey sends a process has open at once unless NILAI_SEND_CONCURRENCY says otherwise. */
export const DEFAULT_SEND_CONCURRENCY = 10;
/** Web callback sends a process has open at once (besides the others) unless NILAI_WEB_SEND_CONCURRENCY says otherwise. */
export const DEFAULT_KEYED_SEND_CONCURRENCY = 100;

/** NILAI_SEND_TIMEOUT_MS in milliseconds (default 10 s); null when it is not a whole number from 1 to 15000. */
export function parseSendTimeoutMs(raw: string | undefined): number | null {
  const v = raw?.trim() ?? '';
  if (v === '') return DEFAULT_SEND_TIMEOUT_MS;
  const n = Number(v);
  return /^\d+$/.test(v) && n >= 1 && n <= SEND_TIMEOUT_MAX_MS ? n : null;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT must be a whole number from 0 to 65535 (got "${env.PORT}").`);
  }
  const host = env.HOST?.trim() || '0.0.0.0';
  if (!isListenHost(host)) problems.push(`HOST must be an IP address (0.0.0.0, ::, 127.0.0.1) or a host name such as localhost (got "${env.HOST}").`);
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://.');
  }
  const publicUrl = (env.PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
  if (env.PUBLIC_URL?.trim() && !/^https?:\/\/[^/\s]+/.test(publicUrl)) {
    problems.push(`PUBLIC_URL must be an http(s) URL such as https://nilai.example.com (got "${env.PUBLIC_URL}").`);
  }
  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}").`);
  const adminEmail = env.NILAI_ADMIN_EMAIL?.trim().toLowerCase() || 'admin@nilai.local';
  if (!/^[^@\s]+@[^@\s]+$/.test(adminEmail)) problems.push(`NILAI_ADMIN_EMAIL must be an email address (got "${adminEmail}").`);
  const adminPassword = env.NILAI_ADMIN_PASSWORD || null;
  if (adminPassword !== null && adminPassword.length < 10) problems.push('NILAI_ADMIN_PASSWORD must be at least 10 characters.');
  const cookieSecureRaw = env.COOKIE_SECURE?.trim().toLowerCase();
  if (cookieSecureRaw && !['true', 'false'].includes(cookieSecureRaw)) problems.push('COOKIE_SECURE must be true or false.');
  const secretKey = env.NILAI_SECRET_KEY?.trim() || null;
  if (secretKey !== null && secretKey.length < 32) problems.push('NILAI_SECRET_KEY must be at least 32 characters (for example: openssl rand -base64 32).');
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must start with smtp:// or smtps://.');
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  if (trustProxy === null) {
    problems.push(`TRUST_PROXY must be the number of proxies in front of nilai (e.g. 1) or their addresses / CIDR ranges separated by commas (e.g. 10.0.0.0/8,::1), not "${env.TRUST_PROXY}" (true is refused: it would let any client choose its address).`);
  }
  const wholeNumber = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const v = Number(raw);
    if (/^\d+$/.test(raw) && v >= min && v <= max) return v;
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
    return fallback;
  };
  const eventWindow: EventWindow = {
    maxAgeDays: wholeNumber('NILAI_EVENT_MAX_AGE_DAYS', DEFAULT_EVENT_WINDOW.maxAgeDays, 1, EVENT_WINDOW_LIMITS.maxAgeDays),
    maxAheadMinutes: wholeNumber('NILAI_EVENT_MAX_AHEAD_MINUTES', DEFAULT_EVENT_WINDOW.maxAheadMinutes, 0, EVENT_WINDOW_LIMITS.maxAheadMinutes),
  };
  // Read again at each send (channels/http-status.ts); checked here so that a wrong value stops the start.
  wholeNumber('NILAI_SEND_TIMEOUT_MS', DEFAULT_SEND_TIMEOUT_MS, 1, SEND_TIMEOUT_MAX_MS);
  const sendConcurrency = wholeNumber('NILAI_SEND_CONCURRENCY', DEFAULT_SEND_CONCURRENCY, 1, 200);
  const keyedSendConcurrency = wholeNumber('NILAI_WEB_SEND_CONCURRENCY', DEFAULT_KEYED_SEND_CONCURRENCY, 1, 1000);
  const metricsToken = env.METRICS_TOKEN?.trim() || null;
  const chatwootAvailabilityPollSeconds = wholeNumber('NILAI_CHATWOOT_AVAILABILITY_POLL_S', 15, 5, 3600);
  const sweepIntervalMs = env.NILAI_SWEEP_INTERVAL_MS?.trim() ? wholeNumber('NILAI_SWEEP_INTERVAL_MS', 0, 100, 3_600_000) : null;
  if (metricsToken && (metricsToken.length < 16 || /\s/.test(metricsToken))) problems.push('METRICS_TOKEN must be at least 16 characters without spaces.');
  if (problems.length) throw new ConfigError(problems);
  return {
    port,
    host,
    dataDir: path.resolve(env.DATA_DIR?.trim() || 'data'),
    databaseUrl,
    publicUrl,
    logLevel,
    adminEmail,
    adminPassword,
    cookieSecure: cookieSecureRaw ? cookieSecureRaw === 'true' : publicUrl.startsWith('https:'),
    secretKey,
    smtpUrl,
    smtpFrom: env.SMTP_FROM?.trim() || 'nilai <nilai@localhost>',
    trustProxy: trustProxy ?? false,
    eventWindow,
    sendConcurrency,
    keyedSendConcurrency,
    metricsToken,
    chatwootAvailabilityPollSeconds,
    sweepIntervalMs,
  };
}
