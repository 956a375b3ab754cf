/**
 * The quick start for real: `serve` with an embedded PostgreSQL in a fresh DATA_DIR, the first-run
 * admin (only once the port is ours), a token and a password reset from the CLI while the server runs,
 * a refused second server, and restarts (orderly and after SIGKILL) that keep the saved settings.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshDatabase } from '../helpers/app.js';
import { errorLines, freePort, runCli, signalGroup, startServer, tempDataDir, type Server } from '../helpers/process.js';

let dataDir: string;
let env: Record<string, string>;
let base: string;
let server: Server | null = null;

beforeAll(async () => {
  dataDir = await tempDataDir();
  const port = await freePort();
  env = { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: '' };
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  server?.child.kill('SIGKILL');
  await server?.exited;
  // A killed server leaves its postgres running; the next start stops it, and so does this cleanup.
  const again = await startServer(env).catch(() => null);
  again?.child.kill('SIGTERM');
  await again?.exited;
  await rm(dataDir, { recursive: true, force: true });
}, 150_000);

// Each test starts a server or a CLI process: on a busy machine one start alone took 40 s.
describe('nilai serve with the embedded database', { timeout: 150_000 }, () => {
  let password = '';
  let token = '';

  it('creates no admin when the port is taken: the first start that listens prints it', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(Number(env.PORT), '127.0.0.1', resolve));
    try {
      const r = await runCli(['serve'], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Port ${env.PORT} is already in use`);
      expect(r.stdout).not.toContain('password:');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('starts on a fresh data directory and prints the first-run admin once', async () => {
    server = await startServer(env, undefined, true);
    const out = server.output();
    expect(out).toContain('First start: created the workspace "default" and its admin.');
    expect(out).toContain('admin@nilai.local');
    password = /password: (\S+)/.exec(out)![1]!;
    expect(password).toHaveLength(18);
    expect((await call(base, 'GET', '/healthz')).body).toEqual({ status: 'ok', database: 'ok' });
    const login = await call(base, 'POST', '/api/v1/auth/login', null, { email: 'admin@nilai.local', password });
    expect(login.status).toBe(200);
  });

  it('creates a token with the CLI while the server runs, printing only the token', async () => {
    const r = await runCli(['token', 'create', '--name', 'curl', '--role', 'admin'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^nilai_[A-Za-z0-9_-]{43}\n$/);
    token = r.stdout.trim();
    const s = await call(base, 'GET', '/api/v1/settings/survey', token);
    expect(s.status).toBe(200);
    s.body.settings.csat.question.en = 'How happy are you with our support today?';
    expect((await call(base, 'PUT', '/api/v1/settings/survey', token, s.body.settings)).body.version).toBe(2);
  });

  it('resets a password with the CLI while the server runs: printed once, the old one stops working', async () => {
    const r = await runCli(['user', 'reset-password', '--email', 'admin@nilai.local'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^[A-Za-z0-9_-]{18}\n$/);
    expect(r.stderr).toContain('new password for admin@nilai.local in the workspace "default"');
    const fresh = r.stdout.trim();
    expect((await call(base, 'POST', '/api/v1/auth/login', null, { email: 'admin@nilai.local', password })).status).toBe(401);
    expect((await call(base, 'POST', '/api/v1/auth/login', null, { email: 'admin@nilai.local', password: fresh })).status).toBe(200);
  });

  it('explains CLI mistakes in one line', async () => {
    const r = await runCli(['token', 'create', '--name', 'x', '--role', 'boss'], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("argument 'boss' is invalid");
    const agent = await runCli(['token', 'create', '--name', 'x', '--role', 'agent'], env);
    expect(agent.code).toBe(1);
    expect(agent.stderr.trim()).toBe('nilai: --user: An agent token must name the agent user it acts for.');
    const help = await runCli(['token', 'create', '--help'], env);
    expect(help.stdout).toContain('--role <role>');
  });

  it('refuses a second server on the same data directory', async () => {
    const r = await runCli(['serve'], { ...env, PORT: String(await freePort()) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`The data directory ${dataDir} is in use by another nilai process (pid ${server!.child.pid})`);
  });

  // Ctrl-C in a terminal signals the whole group, the embedded postgres too: it must still stop last,
  // after pg-boss, or pg-boss logs "job system error" for every connection cut.
  it('stops in order on Ctrl-C (SIGINT to the process group), logging no error, and keeps everything on restart', async () => {
    signalGroup(server!, 'SIGINT');
    expect(await server!.exited).toBe(0);
    expect(errorLines(server!.output()).join('\n')).toBe(''); // the lines themselves when it fails
    expect(existsSync(path.join(dataDir, 'nilai.lock'))).toBe(false);
    server = await startServer(env);
    expect(server.output()).not.toContain('First start');
    const s = await call(base, 'GET', '/api/v1/settings/survey', token);
    expect(s.body.version).toBe(2);
    expect(s.body.settings.csat.question.en).toBe('How happy are you with our support today?');
  });

  it('recovers after SIGKILL (the orphaned PostgreSQL is stopped and restarted)', async () => {
    server!.child.kill('SIGKILL');
    await server!.exited;
    server = await startServer(env);
    expect((await call(base, 'GET', '/api/v1/settings/survey', token)).body.version).toBe(2);
  });

  it('runs the same code and migrations on an external PostgreSQL with DATABASE_URL', async () => {
    const url = await freshDatabase();
    const other = { ...env, DATA_DIR: `${dataDir}-unused`, PORT: String(await freePort()), DATABASE_URL: url, NILAI_SECRET_KEY: 'x'.repeat(40) };
    const external = await startServer(other);
    try {
      expect(external.output()).toContain('database: DATABASE_URL');
      expect(external.output()).toContain('First start');
      expect((await call(`http://127.0.0.1:${other.PORT}`, 'GET', '/healthz')).body).toEqual({ status: 'ok', database: 'ok' });
      expect(existsSync(`${dataDir}-unused/pg`)).toBe(false);
    } finally {
      external.child.kill('SIGTERM');
      await external.exited;
    }
    expect(errorLines(external.output()).join('\n')).toBe('');
  });

  // As root the embedded PostgreSQL runs as "postgres"; `mktemp -d` makes a 0700 directory it cannot enter.
  it.runIf(process.getuid?.() === 0)('says in one line how to open a DATA_DIR the postgres user cannot enter, and exits 1', async () => {
    const privateDir = await mkdtemp(path.join(os.tmpdir(), 'nilai-private-'));
    try {
      const own = await runCli(['serve'], { ...env, DATA_DIR: privateDir, PORT: String(await freePort()) });
      expect(own.code).toBe(1);
      expect(own.stderr.trim().split('\n')).toEqual([
        `nilai: Started as root, the embedded PostgreSQL runs as the user "postgres", which cannot enter ${privateDir} (mode 0700): run "chmod 755 ${privateDir}" (or "chown postgres ${privateDir}"), or set DATA_DIR to another directory, or run nilai as a regular user.`,
      ]);
      expect(existsSync(path.join(privateDir, 'pg'))).toBe(false);
    } finally {
      await rm(privateDir, { recursive: true, force: true });
    }
  });

  it('reports configuration errors one line each and exits 1', async () => {
    const r = await runCli(['serve'], { ...env, PORT: 'abc', HOST: 'http://example.com', LOG_LEVEL: 'loud', NILAI_SEND_TIMEOUT_MS: '30000' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'nilai: PORT must be a whole number from 0 to 65535 (got "abc").',
      'nilai: HOST must be an IP address (0.0.0.0, ::, 127.0.0.1) or a host name such as localhost (got "http://example.com").',
      'nilai: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud").',
      'nilai: NILAI_SEND_TIMEOUT_MS must be a whole number from 1 to 15000 (got "30000").',
    ]);
  });
});
