import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError, notFound } from '../../domain/errors.js';
import { diffSettings } from '../../domain/settings/diff-settings.js';
import { mergePatch } from '../../domain/settings/merge-patch.js';
import { literals, SurveySettings } from '../../domain/settings/schema.js';
import { previewSurvey, saveSurveySettings } from '../../services/survey-settings.js';
import { requestLanguage } from '../request-language.js';
import { getCurrentSettings, getSettingsVersion, listSettingsVersions } from '../../store/survey-settings.js';
import { principalOf } from '../plugins/auth.js';
import { errors, INT4_MAX, Nullable, Timestamp } from '../schemas.js';

const Version = Type.Object(
  {
    version: Type.Integer(),
    settings: SurveySettings,
    createdAt: Timestamp,
    createdBy: Type.Object({ userId: Nullable(Type.String()), tokenId: Nullable(Type.String()), name: Type.Optional(Nullable(Type.String({ description: 'In the history: the name of the user who saved it.' }))) }),
  },
  { title: 'SurveySettingsVersion' },
);
const Localized = Type.String();
/** The survey as data in one language (domain/render/survey-steps `RenderedSurvey`). */
const RenderedSurvey = {
  language: Type.String(),
  title: Localized,
  closing: Nullable(Localized),
  steps: Type.Array(Type.Union([
    Type.Object({
      kind: Type.Literal('rating'), surveyType: Type.String(), question: Localized, text: Localized,
      scale: Type.Object({ min: Type.Integer(), max: Type.Integer() }),
      options: Type.Array(Type.Object({ value: Type.Integer(), label: Localized, emoji: Type.Optional(Type.String()) })),
      lowLabel: Nullable(Localized), highLabel: Nullable(Localized),
    }),
    Type.Object({
      kind: Type.Literal('follow_up'), surveyType: Type.String(), mode: Type.String(),
      variants: Type.Array(Type.Object({ ratings: Type.Array(Type.Integer()), category: Nullable(Type.String()), question: Localized })),
    }),
  ])),
  thankYou: Type.Object({ title: Localized, message: Localized }),
};
const Preview = Type.Object({
  channel: Nullable(Type.Object({ id: Type.String(), name: Type.String(), type: Type.String() })),
  surveyTypes: Type.Array(Type.String()),
  problems: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
  ...RenderedSurvey,
  firstChatMessage: Nullable(Type.Object({
    text: Type.String(),
    choices: Type.Optional(Type.Array(Type.Object({ id: Type.String(), title: Type.String(), description: Type.Optional(Type.String()) }))),
    choicesLabel: Type.Optional(Type.String()), choicesText: Type.Optional(Type.String()), link: Type.Optional(Type.String()), typeHint: Type.Optional(Type.String()),
  }, { description: 'The first message chat channels send (greeting and first question, with its tap answers); each channel shows the choices in its own widget. Null for email and web channels, which send no chat message.' })),
  email: Nullable(Type.Object({ subject: Type.String(), text: Type.String(), html: Type.String() }, {
    description: 'For an email channel: the email the customer gets (one link per score of the first question, each opening the survey page).',
  })),
  callback: Nullable(Type.Object({
    type: Type.Union([Type.Literal('survey.invitation'), Type.Literal('survey.reminder')], { description: 'survey.reminder for the survey\'s one reminder (same data).' }),
    data: Type.Object({
      invitationId: Type.String(), conversationId: Type.String(),
      contact: Type.Object({ id: Type.String(), name: Nullable(Type.String()), phone: Nullable(Type.String()), email: Nullable(Type.String()), handle: Nullable(Type.String()) }),
      language: Type.String(), url: Type.String(), expiresAt: Type.String(), survey: Type.Object(RenderedSurvey),
    }),
  }, { description: 'For a web channel: the body nilai POSTs (signed) to the callback URL, with sample invitation, conversation and contact.' })),
}, { title: 'SurveyPreview' });
const tags = ['Survey settings'];

/** `If-Match: "7"` (or `7`) → 7. */
function expectedVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim());
  if (!m) throw new AppError('bad_request', 'If-Match must be the settings version you edited, e.g. If-Match: "3".');
  return Number(m[1]);
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  app.get('/api/v1/settings/survey', {
    config: { auth: 'agent' },
    schema: { tags, summary: 'The survey settings in force', response: { 200: Version, ...errors() } },
  }, async (req, reply) => {
    const v = await getCurrentSettings(db, principalOf(req).workspaceId);
    return reply.header('etag', `"${v.version}"`).send(v);
  });

  app.put('/api/v1/settings/survey', {
    config: { auth: 'admin' },
    schema: {
      tags,
      summary: 'Validate and save the settings as a new version',
      description: 'Every save creates a new immutable version. Send `If-Match: "<version>"` to refuse the save (409) when someone saved since you loaded that version. A 422 lists every problem with its field path.',
      headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
      body: SurveySettings,
      response: { 200: Version, ...errors(400, 409, 422) },
    },
    // Shape problems are reported with the rule problems, in one answer (services/survey-settings).
    attachValidation: true,
  }, async (req, reply) => {
    const p = principalOf(req);
    const v = await saveSurveySettings(db, p.workspaceId, req.body, { userId: p.userId, tokenId: p.tokenId }, expectedVersion(req.headers['if-match']), requestLanguage(req));
    return reply.header('etag', `"${v.version}"`).send(v);
  });

  app.patch('/api/v1/settings/survey', {
    config: { auth: 'admin' },
    schema: {
      tags,
      summary: 'Change some settings (JSON Merge Patch) and save a new version',
      description: 'Send only what changes, e.g. `{"nps":{"enabled":true},"sending":{"delayMinutes":15}}` (objects merge, arrays replace, `null` removes). The result is validated like a PUT. `If-Match` works the same way.',
      headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
      body: Type.Object({}, { additionalProperties: true }),
      response: { 200: Version, ...errors(400, 409, 422) },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const current = await getCurrentSettings(db, p.workspaceId);
    const merged = mergePatch(current.settings, req.body);
    const v = await saveSurveySettings(db, p.workspaceId, merged, { userId: p.userId, tokenId: p.tokenId }, expectedVersion(req.headers['if-match']), requestLanguage(req));
    return reply.header('etag', `"${v.version}"`).send(v);
  });

  app.get('/api/v1/settings/survey/versions', {
    config: { auth: 'supervisor' },
    schema: {
      tags,
      summary: 'Settings history, newest first',
      querystring: Type.Object({
        limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
        before: Type.Optional(Type.Integer({ minimum: 1, maximum: INT4_MAX, description: 'Cursor: versions below this one.' })),
      }),
      response: { 200: Type.Object({ items: Type.Array(Version), nextCursor: Nullable(Type.Integer()) }), ...errors(422) },
    },
  }, async (req) => {
    const items = await listSettingsVersions(db, principalOf(req).workspaceId, req.query.limit, req.query.before);
    const last = items.at(-1);
    return { items, nextCursor: items.length === req.query.limit && last && last.version > 1 ? last.version : null };
  });

  app.get('/api/v1/settings/survey/versions/:version', {
    config: { auth: 'supervisor' },
    schema: { tags, summary: 'One settings version', params: Type.Object({ version: Type.Integer({ minimum: 1, maximum: INT4_MAX }) }), response: { 200: Version, ...errors(404) } },
  }, async (req) => {
    const v = await getSettingsVersion(db, principalOf(req).workspaceId, req.params.version);
    if (!v) throw notFound(`Settings version ${req.params.version}`);
    return v;
  });

  const VersionParam = Type.Integer({ minimum: 1, maximum: INT4_MAX });
  app.get('/api/v1/settings/survey/versions/:version/diff', {
    config: { auth: 'supervisor' },
    schema: {
      tags,
      summary: 'What changed from one version to another',
      description: 'Field by field (an array counts as one value), from `against` (default: the version before) to `:version`. A field only one side has lacks `before` or `after`.',
      params: Type.Object({ version: VersionParam }),
      querystring: Type.Object({ against: Type.Optional(VersionParam) }),
      response: {
        200: Type.Object({
          from: Type.Integer(), to: Type.Integer(),
          changes: Type.Array(Type.Object({ path: Type.String(), before: Type.Optional(Type.Unknown()), after: Type.Optional(Type.Unknown()) })),
        }, { title: 'SurveySettingsDiff' }),
        ...errors(404, 422),
      },
    },
  }, async (req) => {
    const ws = principalOf(req).workspaceId;
    const against = req.query.against ?? Math.max(1, req.params.version - 1);
    const [to, from] = await Promise.all([getSettingsVersion(db, ws, req.params.version), getSettingsVersion(db, ws, against)]);
    if (!to) throw notFound(`Settings version ${req.params.version}`);
    if (!from) throw notFound(`Settings version ${against}`);
    return { from: from.version, to: to.version, changes: diffSettings(from.settings, to.settings) };
  });

  app.post('/api/v1/settings/survey/versions/:version/restore', {
    config: { auth: 'admin' },
    schema: {
      tags,
      summary: 'Save an old version again as the newest version',
      description: 'History is never rewritten: the restored document is validated like a PUT (a channel deleted since would be refused with its path) and saved as a new version. `If-Match` works as for PUT.',
      headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
      params: Type.Object({ version: VersionParam }),
      response: { 200: Version, ...errors(400, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const old = await getSettingsVersion(db, p.workspaceId, req.params.version);
    if (!old) throw notFound(`Settings version ${req.params.version}`);
    const v = await saveSurveySettings(db, p.workspaceId, old.settings, { userId: p.userId, tokenId: p.tokenId }, expectedVersion(req.headers['if-match']), requestLanguage(req));
    return reply.header('etag', `"${v.version}"`).send(v);
  });

  app.post('/api/v1/settings/survey/preview', {
    config: { auth: 'agent' },
    schema: {
      tags,
      summary: 'What the customer would see (nothing is saved)',
      description: 'Send unsaved `settings` to preview while editing; leave them out to preview the settings in force. `channelId` applies that channel\'s survey scope and shows what it sends first: `firstChatMessage` for chat channels (also when no channel is given), `email` for email channels, `callback` for web channels; `language` defaults to the settings\' default language. `problems` lists what would stop these settings from saving.',
      body: Type.Object({
        settings: Type.Optional(SurveySettings),
        channelId: Type.Optional(Type.String({ format: 'uuid' })),
        divisionId: Type.Optional(Type.String({ format: 'uuid', description: 'Preview what this division\'s customers get (its overrides over the workspace settings).' })),
        language: Type.Optional(literals(['id', 'en'] as const)),
      }, { additionalProperties: false }),
      response: { 200: Preview, ...errors(422) },
    },
  }, async (req) => previewSurvey(db, principalOf(req).workspaceId, { ...req.body, messages: requestLanguage(req) }));
};

export default routes;
