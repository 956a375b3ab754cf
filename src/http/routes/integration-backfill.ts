/** Backfill an integration (Google Sheets): queue a row for each answer of a period it has not written yet. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { notFound } from '../../domain/errors.js';
import { isUuid } from '../../lib/secret-token.js';
import { BACKFILL_LIMIT, backfillIntegration } from '../../services/integrations/backfill.js';
import { principalOf } from '../plugins/auth.js';
import { errors, IdParams } from '../schemas.js';

const Day = Type.String({ maxLength: 10, description: 'A date (YYYY-MM-DD) in the workspace\'s time zone.', example: '2026-11-01' });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/v1/integrations/:id/backfill', {
    config: { auth: 'admin' },
    schema: {
      tags: ['Integrations'], summary: 'Queue the answers of a period that this integration has not delivered yet', params: IdParams,
      description: `One \`response.created\` delivery per answer given from \`from\` to \`to\` (both included, workspace time zone, at most 366 days) that has no delivery for this integration yet, oldest first, at most ${BACKFILL_LIMIT} a call: \`more\` is true when some remain (call again to continue). Answers already delivered, queued or backfilled are skipped, so calling twice queues nothing twice.`,
      body: Type.Object({ from: Day, to: Day }, { additionalProperties: false }),
      response: {
        202: Type.Object({ queued: Type.Integer(), more: Type.Boolean(), from: Type.String(), to: Type.String(), timeZone: Type.String() }),
        ...errors(404, 409, 422),
      },
    },
  }, async (req, reply) => {
    if (!isUuid(req.params.id)) throw notFound('Integration');
    return reply.status(202).send(await backfillIntegration({ db: app.db, jobs: app.jobs }, principalOf(req).workspaceId, req.params.id, req.body));
  });
};

export default routes;
