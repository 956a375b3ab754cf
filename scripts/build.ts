/** Builds what `npm start` runs, each part only when it is missing or older than its sources: the server (dist/server), the admin app (web/dist) and the widget. */
import { buildServer } from './build-server.js';
import { runAsScript } from './build-state.js';
import { buildWeb } from './build-web.js';

runAsScript(import.meta.url, (force) => {
  buildServer(force);
  buildWeb(force);
});
