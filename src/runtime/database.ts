/** Opens nilai's database: DATABASE_URL when set, else the embedded PostgreSQL in DATA_DIR; migrates it. */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createDb, type Db } from '../store/db.js';
import { openEmbedded } from '../store/embedded.js';
import { migrate } from '../store/migrate.js';

export interface OpenDatabase {
  db: Db;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function openDatabase(config: Config, log: Logger, mode: 'owner' | 'client'): Promise<OpenDatabase> {
  const embedded = config.databaseUrl ? null : await openEmbedded(config.dataDir, log, mode);
  const url = config.databaseUrl ?? embedded!.url;
  try {
    const { applied } = await migrate(url);
    if (applied.length) log.info({ applied }, 'database migrated');
  } catch (err) {
    await embedded?.stop();
    const msg = (err as Error).message;
    throw new Error(config.databaseUrl ? `Cannot use DATABASE_URL: ${msg}` : msg);
  }
  const db = createDb(url);
  return {
    db,
    url,
    embedded: embedded !== null,
    close: async () => {
      await db.destroy();
      await embedded?.stop();
    },
  };
}
