/** Builds what `npm start` runs, each part only when it is missing or older than its sources: the server (dist/server), the admin app (web/dist) and the widget. */
import { fileURLToPath } from 'node:url';
import { buildServer } from './build-server.js';
import { buildWeb } from './build-web.js';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const force = process.argv.includes('--force');
    buildServer(force);
    buildWeb(force);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
}
