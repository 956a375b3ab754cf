/**
 * One embedded PostgreSQL for the whole run, in a temporary directory, with a migrated template
 * database that each test file clones (CREATE DATABASE … TEMPLATE is a fast file copy).
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import pino from 'pino';
import { startBoss } from '../../src/jobs/queue.js';
import { migrate } from '../../src/store/migrate.js';
import { startScratchPostgres } from '../../src/store/scratch-postgres.js';
import { buildWeb } from '../../scripts/build-web.js';
import { buildServer } from '../../scripts/build-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}


export default async function setup(project: TestProject) {
  // The browser tests drive the admin app as nilai serves it: build it if it is missing or stale.
  buildWeb();
  // The CLI tests run the server's build, as `npm start` does.
  buildServer();
  // Durability off: a test database is thrown away anyway.
  const server = await startScratchPostgres({ prefix: 'nilai-test-pg-', extraFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] });
  const { serverUrl } = server;
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query('create database nilai_template');
  await admin.end();
  await migrate(`${serverUrl}/nilai_template`);
  // Install the job system's schema once in the template too, so each test database starts ready.
  const boss = await startBoss(`${serverUrl}/nilai_template`, pino({ level: 'silent' }));
  await boss.stop({ graceful: false, wait: true });
  project.provide('pgServerUrl', serverUrl);
  return () => server.stop();
}
