/** `nilai serve`: database, migrations, HTTP server and workers, then the first-run admin; orderly shutdown. */
import pino from 'pino';
import type { Config } from '../config.js';
import { openDatabase } from '../runtime/database.js';
import { startInstance } from '../runtime/instance.js';
import { createMailer } from '../channels/email/mailer.js';
import { ensureFirstRun } from '../services/bootstrap.js';
import { dataDirSecrets } from '../store/embedded.js';

export async function serve(config: Config): Promise<void> {
  const started = Date.now();
  const log = pino({ level: config.logLevel });
  const database = await openDatabase(config, log, 'owner');
  const appKey = config.secretKey ?? (await dataDirSecrets(config.dataDir)).appKey;
  const nilai = await startInstance({ databaseUrl: database.url, appKey, config, log, mailer: createMailer(config.smtpUrl, config.smtpFrom), sweepIntervalMs: config.sweepIntervalMs ?? undefined });
  const stop = async () => {
    await nilai.close();
    await database.close();
  };
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: finishing jobs and requests, then stopping the database');
    const force = setTimeout(() => process.exit(1), 30_000).unref();
    try {
      await stop();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    await nilai.app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await stop();
    const e = err as NodeJS.ErrnoException;
    throw new Error(e.code === 'EADDRINUSE' ? `Port ${config.port} is already in use; set PORT to another port.` : e.message);
  }
  // Only once listening: a first start that cannot take its port must not create an admin whose
  // password nobody will see (the next start creates it).
  const firstRun = await ensureFirstRun(database.db, { email: config.adminEmail, password: config.adminPassword }).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  const lines = [
    '',
    `  nilai is running on ${url}  (started in ${Date.now() - started} ms)`,
    `  admin app: ${url}   API docs: ${url}/docs   health: ${url}/healthz`,
    `  database: ${database.embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'DATABASE_URL'}`,
  ];
  if (firstRun) {
    lines.push(
      '',
      '  First start: created the workspace "default" and its admin.',
      `    email:    ${firstRun.email}`,
      firstRun.generatedPassword
        ? `    password: ${firstRun.generatedPassword}   (shown only this once; sign in and use "Change password")`
        : '    password: the one in NILAI_ADMIN_PASSWORD',
      `  Lost it? npm run nilai -- user reset-password --email ${firstRun.email}`,
      '  Create an API token:  npm run nilai -- token create --name my-token --role admin',
    );
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}
