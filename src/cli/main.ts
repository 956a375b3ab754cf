#!/usr/bin/env node
/**
 * The nilai command line: `npm run nilai -- <command>`. A command imports what it runs only once it runs
 * (`import()` in each action): `--help`, a mistyped option and a configuration error answer without
 * loading the server, the database and their libraries, and `token create` loads no HTTP server.
 */
import { Command, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.js';
import type { OpenDatabase } from '../runtime/database.js';
import { DataDirInUseError } from '../store/embedded.js';
import { AppError } from '../domain/errors.js';
import { ROLES } from '../services/principal.js';

const adminCommands = () => import('./admin-commands.js');

/** Runs `fn` against the database (starting the embedded one only if no nilai process runs it). */
async function withDatabase<T>(fn: (d: OpenDatabase, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const [{ default: pino }, { openDatabase }] = await Promise.all([import('pino'), import('../runtime/database.js')]);
  const log = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel }, pino.destination(2));
  const d = await openDatabase(config, log, 'client');
  try {
    return await fn(d, config);
  } finally {
    await d.close();
  }
}

const program = new Command('nilai')
  .description('Customer service quality: CSAT, CES and NPS surveys after resolved conversations, with reports.')
  .showHelpAfterError()
  .configureOutput({ outputError: (s, write) => write(s) });

program
  .command('serve')
  .description('Start the HTTP server (embedded PostgreSQL in DATA_DIR unless DATABASE_URL is set).')
  .addHelpText('after', '\nEnvironment: PORT (3000), HOST (0.0.0.0), DATA_DIR (./data), DATABASE_URL, PUBLIC_URL, LOG_LEVEL,\nNILAI_ADMIN_EMAIL, NILAI_ADMIN_PASSWORD, COOKIE_SECURE, NILAI_SEND_TIMEOUT_MS.')
  .action(async () => {
    const config = loadConfig();
    const { serve } = await import('./serve.js');
    await serve(config);
  });

program
  .command('migrate')
  .description('Apply database migrations and exit.')
  .action(() => withDatabase(async () => void process.stdout.write('database is up to date\n')));

const workspace = program.command('workspace').description('Manage workspaces.');
workspace
  .command('create')
  .description('Create a workspace (with default survey settings); prints its slug.')
  .requiredOption('--name <name>', 'display name')
  .requiredOption('--slug <slug>', 'short id: lowercase letters, digits and dashes')
  .action((o: { name: string; slug: string }) => withDatabase(async ({ db }) => (await adminCommands()).createWorkspaceCommand(db, o)));

const token = program.command('token').description('Manage API tokens.');
token
  .command('create')
  .description('Create an API token and print only the token on stdout (it is shown only once).')
  .requiredOption('--name <name>', 'what the token is for')
  .addOption(new Option('--role <role>', 'what the token may do').choices(ROLES).makeOptionMandatory())
  .option('--workspace <slug>', 'workspace slug (default: the only one that is not a demo)')
  .option('--user <email>', 'the user the token acts for (required for agent tokens)')
  .action((o: { name: string; role: (typeof ROLES)[number]; workspace?: string; user?: string }) =>
    withDatabase(async ({ db }) => {
      const { createTokenCommand, resolveWorkspace } = await adminCommands();
      return createTokenCommand(db, await resolveWorkspace(db, o.workspace), o);
    }));

const user = program.command('user').description('Manage users.');
user
  .command('create')
  .description('Create a user; prints the generated password when --password is not given.')
  .requiredOption('--name <name>', 'full name')
  .requiredOption('--email <email>', 'login email')
  .addOption(new Option('--role <role>', 'admin, supervisor or agent').choices(ROLES).makeOptionMandatory())
  .option('--password <password>', 'at least 10 characters (default: generated)')
  .option('--phone <phone>', 'phone number')
  .option('--workspace <slug>', 'workspace slug (default: the only one that is not a demo)')
  .action((o: { name: string; email: string; role: (typeof ROLES)[number]; password?: string; phone?: string; workspace?: string }) =>
    withDatabase(async ({ db }) => {
      const { createUserCommand, resolveWorkspace } = await adminCommands();
      return createUserCommand(db, await resolveWorkspace(db, o.workspace), o);
    }));
user
  .command('reset-password')
  .description('Give a user a new generated password and print it on stdout (shown only once); signs them out everywhere.')
  .requiredOption('--email <email>', 'login email')
  .option('--workspace <slug>', 'workspace slug (default: the workspace of the only account with this email)')
  .action((o: { email: string; workspace?: string }) => withDatabase(async ({ db }) => (await adminCommands()).resetPasswordCommand(db, o)));

program
  .command('demo')
  .description('Load a realistic demo workspace: channels, divisions, agents, office hours, SLA and a few thousand conversations with answers.')
  .option('--slug <slug>', 'workspace slug', 'demo')
  .option('--conversations <n>', 'how many conversations (last 60 days)', '3000')
  .action((o: { slug: string; conversations: string }) =>
    withDatabase(async ({ db }) => {
      const n = Number(o.conversations);
      if (!Number.isInteger(n) || n < 1 || n > 200_000) throw new AppError('bad_request', '--conversations must be a whole number from 1 to 200000.');
      const started = Date.now();
      const [{ loadDemo }, { listWorkspaces }] = await Promise.all([import('./demo.js'), import('../store/workspaces.js')]);
      const slug = await loadDemo(db, { slug: o.slug, conversations: n });
      process.stdout.write(`loaded the demo workspace "${slug}" (${n} conversations) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      process.stdout.write(`sign in as admin.demo@${slug}.demo, a supervisor (e.g. sari.wulandari@${slug}.demo) or an agent (budi.santoso@${slug}.demo), password: demo password 123\n`);
      const own = (await listWorkspaces(db)).some((w) => !w.demo);
      process.stdout.write(own
        ? `commands without --workspace keep using your own workspace; for this one add --workspace ${slug}\n`
        : `the first "npm start" still creates your own workspace "default" and its admin; for the demo, CLI commands take --workspace ${slug}\n`);
    }));

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) process.stderr.write(err.problems.map((p) => `nilai: ${p}`).join('\n') + '\n');
  else if (err instanceof DataDirInUseError || err instanceof AppError) process.stderr.write(`nilai: ${err.message}\n`);
  else process.stderr.write(`nilai: ${(err as Error).message ?? err}\n`);
  process.exit(1);
});
