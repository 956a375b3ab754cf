/**
 * A real nilai HTTP server on a random port against a fresh database cloned from the migrated
 * template, plus small helpers to speak HTTP to it.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import pino from 'pino';
import { deriveKeys, type Keys } from '../../src/lib/keys.js';
import type { AppConfig } from '../../src/http/app.js';
import { startInstance } from '../../src/runtime/instance.js';
import type { Mailer } from '../../src/channels/email/mailer.js';
import type { Db } from '../../src/store/db.js';
import { freePort } from './process.js';
import { createToken } from '../../src/store/tokens.js';
import type { Role } from '../../src/store/types.js';
import { createUser } from '../../src/store/users.js';
import { createWorkspace } from '../../src/store/workspaces.js';
import { hashPassword } from '../../src/services/passwords.js';

/** Creates a fresh database for one test file and returns its URL. */
export async function freshDatabase(): Promise<string> {
  const server = inject('pgServerUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  await admin.query(`create database ${name} template nilai_template`);
  await admin.end();
  return `${server}/${name}`;
}

export interface TestApp {
  url: string;
  db: Db;
  dbUrl: string;
  app: FastifyInstance;
  keys: Keys;
  close(): Promise<void>;
}

export const TEST_APP_KEY = 'test-application-key-0123456789abcdef';

/**
 * Starts nilai (HTTP + job workers) on a random port. PUBLIC_URL is the server's own address, so
 * survey links sent to fake receivers can be opened.
 */
export async function startApp(dbUrl?: string, opts: { workers?: boolean; port?: number; mailer?: Mailer | null; trustProxy?: AppConfig['trustProxy']; eventWindow?: AppConfig['eventWindow']; metricsToken?: string; pollingIntervalSeconds?: number } = {}): Promise<TestApp> {
  const url = dbUrl ?? (await freshDatabase());
  const port = opts.port ?? (await freePort());
  const publicUrl = `http://127.0.0.1:${port}`;
  const nilai = await startInstance({
    databaseUrl: url,
    appKey: TEST_APP_KEY,
    config: { publicUrl, cookieSecure: false, logLevel: process.env.TEST_LOG_LEVEL ?? 'silent', trustProxy: opts.trustProxy, eventWindow: opts.eventWindow, metricsToken: opts.metricsToken },
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    workers: opts.workers,
    // Jobs wake their workers at commit (jobs/wakeups.ts): polling only finds retries and delayed jobs falling due.
    pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2,
    sweepIntervalMs: 500,
    scheduleIntervalMs: 500,
    dispatchRetry: { retryLimit: 2, retryDelay: 1, retryBackoff: false },
    mailer: opts.mailer ?? null,
  });
  await nilai.app.listen({ port, host: '127.0.0.1' });
  return { url: publicUrl, db: nilai.db, dbUrl: url, app: nilai.app, keys: deriveKeys(TEST_APP_KEY), close: () => nilai.close() };
}

export interface Seeded {
  workspaceId: string;
  adminId: string;
  adminEmail: string;
  adminPassword: string;
  tokens: Record<Role, string>;
  agentId: string;
  supervisorId: string;
}

/** A workspace with an admin, a supervisor and an agent, and a token for each role. */
export async function seedWorkspace(db: Db, slug = `ws-${randomBytes(3).toString('hex')}`): Promise<Seeded> {
  const ws = await createWorkspace(db, { slug, name: `Workspace ${slug}` });
  const password = 'correct horse battery';
  const hash = await hashPassword(password);
  const admin = await createUser(db, ws.id, { name: 'Ayu Admin', email: `admin@${slug}.test`, role: 'admin' }, hash);
  const sup = await createUser(db, ws.id, { name: 'Sari Supervisor', email: `sup@${slug}.test`, role: 'supervisor' }, hash);
  const agent = await createUser(db, ws.id, { name: 'Budi Agent', email: `agent@${slug}.test`, role: 'agent' }, hash);
  const tokens = {
    admin: (await createToken(db, ws.id, { name: 'admin', role: 'admin', userId: admin.id })).token,
    supervisor: (await createToken(db, ws.id, { name: 'sup', role: 'supervisor', userId: sup.id })).token,
    agent: (await createToken(db, ws.id, { name: 'agent', role: 'agent', userId: agent.id })).token,
  };
  return { workspaceId: ws.id, adminId: admin.id, adminEmail: admin.email, adminPassword: password, tokens, agentId: agent.id, supervisorId: sup.id };
}

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** JSON request helper: `call(base, 'PUT', '/api/v1/…', token, body)`. */
export async function call<T = any>(base: string, method: string, path: string, token?: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** Reads the survey settings in force, changes them with `change` and saves them (expects 200). */
export async function changeSettings(base: string, token: string, change: (settings: any) => void): Promise<void> {
  const cur = await call(base, 'GET', '/api/v1/settings/survey', token);
  change(cur.body.settings);
  const r = await call(base, 'PUT', '/api/v1/settings/survey', token, cur.body.settings);
  if (r.status !== 200) throw new Error(`saving settings failed: ${JSON.stringify(r.body)}`);
}
