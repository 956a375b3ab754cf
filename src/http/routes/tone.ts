/**
 * Writing tone: the default texts of each tone (Formal, Semiformal, Friendly; id and en) that the admin
 * app fills the survey settings with before saving, and "Rewrite in this tone" for custom texts through
 * the workspace's OpenAI-compatible endpoint. A rewrite is only returned, never saved: the admin sees
 * it and decides.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { isHttpUrl } from '../../domain/channels/config.js';
import { invalid, notFound } from '../../domain/errors.js';
import { LANGUAGES, literals } from '../../domain/settings/schema.js';
import { TONE_TEXTS, TONES } from '../../domain/settings/tones.js';
import { REWRITE_MAX_INPUT } from '../../domain/tone-rewrite.js';
import { rewriteEndpointView, rewriteInTone } from '../../services/tone-rewrite.js';
import { deleteRewriteEndpoint, saveRewriteEndpoint } from '../../store/rewrite-endpoints.js';
import { principalOf } from '../plugins/auth.js';
import { errors, NoContent, Nullable, Timestamp } from '../schemas.js';

const tags = ['Settings'];
const Endpoint = Type.Object({
  baseUrl: Type.String(), model: Type.String(),
  apiKey: Nullable(Type.String({ description: 'Masked: •••• and the last 4 characters.' })), updatedAt: Timestamp,
}, { title: 'RewriteEndpoint' });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, keys } = app;

  app.get('/api/v1/settings/tones', {
    config: { auth: 'supervisor' },
    schema: {
      tags, summary: 'The default texts of each writing tone',
      description: 'Formal (the defaults of a new workspace), semiformal and friendly, in Indonesian and English: questions, CSAT labels, scale ends, follow-ups and greetings. Saving settings with `tone` and these texts is what "choose a tone" does in the admin app; `tone` also sets the words chat channels add (hints, apologies, the reminder line).',
      response: { 200: Type.Object({ tones: Type.Array(Type.Object({ tone: literals(TONES), texts: Type.Record(Type.String(), Type.Unknown()) })) }) },
    },
  }, async () => ({ tones: TONES.map((tone) => ({ tone, texts: TONE_TEXTS[tone] })) }));

  app.get('/api/v1/settings/rewrite-endpoint', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'The OpenAI-compatible endpoint used for "Rewrite in this tone" (null when none)', response: { 200: Type.Object({ endpoint: Nullable(Endpoint) }) } },
  }, async (req) => ({ endpoint: await rewriteEndpointView(db, keys, principalOf(req).workspaceId) }));

  app.put('/api/v1/settings/rewrite-endpoint', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Connect an OpenAI-compatible chat-completions endpoint (OpenAI, a local Ollama or vLLM)',
      description: '`baseUrl` such as `https://api.openai.com/v1` or `http://localhost:11434/v1` (nilai POSTs to `{baseUrl}/chat/completions`). `apiKey`: omitted keeps the stored key, null removes it (local servers need none); stored encrypted, never returned.',
      body: Type.Object({
        baseUrl: Type.String({ minLength: 1, maxLength: 2000 }), model: Type.String({ minLength: 1, maxLength: 200 }),
        apiKey: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 4000 }))),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ endpoint: Endpoint }) },
    },
  }, async (req) => {
    const p = principalOf(req);
    if (!isHttpUrl(req.body.baseUrl)) throw invalid([{ path: 'baseUrl', message: 'Must be an http or https URL.' }]);
    const apiKey = req.body.apiKey;
    await saveRewriteEndpoint(db, p.workspaceId, { baseUrl: req.body.baseUrl, model: req.body.model.trim(), apiKeyEncrypted: apiKey === undefined ? undefined : apiKey === null ? null : keys.encrypt(apiKey) });
    return { endpoint: (await rewriteEndpointView(db, keys, p.workspaceId))! };
  });

  app.delete('/api/v1/settings/rewrite-endpoint', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'Disconnect the rewrite endpoint', response: { 204: NoContent, ...errors(404) } },
  }, async (req, reply) => {
    if (!(await deleteRewriteEndpoint(db, principalOf(req).workspaceId))) throw notFound('Rewrite endpoint');
    return reply.status(204).send(null);
  });

  app.post('/api/v1/settings/rewrite', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Rewrite one text in a tone (shown for approval, never saved)',
      description: 'Asks the connected endpoint to rewrite `text` in `tone` and `language`, keeping its meaning and `{{placeholders}}`. A failure of the endpoint is `ok: false` with its reason in words (not an error status); 409 when no endpoint is connected.',
      body: Type.Object({
        text: Type.String({ minLength: 1, maxLength: REWRITE_MAX_INPUT }), tone: literals(TONES), language: literals(LANGUAGES),
      }, { additionalProperties: false }),
      response: { 200: Type.Union([Type.Object({ ok: Type.Literal(true), text: Type.String() }), Type.Object({ ok: Type.Literal(false), reason: Type.String() })]), ...errors(409) },
    },
  }, async (req) => rewriteInTone({ db, keys }, principalOf(req).workspaceId, req.body));
};

export default routes;
