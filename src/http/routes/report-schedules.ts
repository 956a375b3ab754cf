/** Scheduled reports: daily or weekly summaries by email (HTML with charts) or to Slack (a Block Kit digest). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { isSlackWebhookUrl, slackUrlHint } from '../../channels/slack/incoming-webhook.js';
import { invalid, notFound, type ErrorDetail } from '../../domain/errors.js';
import { literals } from '../../domain/settings/schema.js';
import { isUuid } from '../../lib/secret-token.js';
import { getDivision } from '../../store/divisions.js';
import { deleteSchedule, getSchedule, listRuns, listSchedules, saveSchedule, type ScheduleFields, type ScheduleRow } from '../../store/report-schedules.js';
import { previewReport } from '../../services/scheduled-reports.js';
import { principalOf } from '../plugins/auth.js';
import { errors, IdParams, NoContent, Nullable, Timestamp } from '../schemas.js';

const Fields = {
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  kind: literals(['email', 'slack'] as const),
  frequency: literals(['daily', 'weekly'] as const),
  divisionId: Nullable(Type.String({ description: 'Only this division\'s figures (and its supervisor as the default recipient); null: the whole workspace.' })),
  recipients: Type.Array(Type.String({ maxLength: 254 }), { maxItems: 20, description: 'Email addresses; empty: the division\'s supervisor.' }),
  enabled: Type.Boolean(),
};
const SlackWebhookUrl = Nullable(Type.String({ maxLength: 500, description: 'For kind slack: a Slack incoming webhook URL. Write-only.' }));
const Schedule = Type.Object({ id: Type.String(), ...Fields, slackWebhook: Nullable(Type.String()), updatedAt: Timestamp }, { title: 'ReportSchedule' });
const Run = Type.Object({ id: Type.String(), periodFrom: Type.String(), periodTo: Type.String(), status: Type.String(), detail: Nullable(Type.String()), createdAt: Timestamp, finishedAt: Nullable(Timestamp) });
const Preview = Type.Object({
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  email: Nullable(Type.Object({ subject: Type.String(), html: Type.String(), text: Type.String() })),
  slack: Nullable(Type.Object({ text: Type.String(), blocks: Type.Array(Type.Unknown()) })),
});
const tags = ['Report schedules'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, keys } = app;
  const shown = ({ slackWebhookEncrypted, ...r }: ScheduleRow) => ({ ...r, slackWebhook: slackWebhookEncrypted ? slackUrlHint(keys.decrypt(slackWebhookEncrypted)) : null });
  const check = async (ws: string, f: ScheduleFields, slackUrl: string | null | undefined) => {
    const issues: ErrorDetail[] = [];
    if (f.divisionId !== null && !(isUuid(f.divisionId) && (await getDivision(db, ws, f.divisionId)))) issues.push({ path: 'divisionId', message: 'No such division.' });
    f.recipients.forEach((r, i) => !EMAIL.test(r) && issues.push({ path: `recipients.${i}`, message: 'Must be an email address.' }));
    if (slackUrl && !isSlackWebhookUrl(slackUrl)) issues.push({ path: 'slackWebhookUrl', message: 'Must be an https URL (a Slack incoming webhook: https://hooks.slack.com/services/…).' });
    if (f.kind === 'slack' && !f.slackWebhookEncrypted && !slackUrl) issues.push({ path: 'slackWebhookUrl', message: 'A Slack schedule needs an incoming webhook URL.' });
    if (issues.length) throw invalid(issues);
  };
  const encrypted = (url: string | null | undefined, current: string | null) => (url === undefined ? current : url ? keys.encrypt(url) : null);

  app.get('/api/v1/report-schedules', {
    config: { auth: 'supervisor' }, schema: { tags, summary: 'Report schedules', response: { 200: Type.Object({ items: Type.Array(Schedule) }), ...errors() } },
  }, async (req) => ({ items: (await listSchedules(db, principalOf(req).workspaceId)).map(shown) }));

  app.post('/api/v1/report-schedules', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Create a report schedule (sent once per period: the last complete day or ISO week in the workspace time zone)',
      body: Type.Object({ ...Fields, divisionId: Type.Optional(Fields.divisionId), recipients: Type.Optional(Fields.recipients), enabled: Type.Optional(Fields.enabled), slackWebhookUrl: Type.Optional(SlackWebhookUrl) }, { additionalProperties: false }),
      response: { 201: Schedule, ...errors(422) },
    },
  }, async (req, reply) => {
    const ws = principalOf(req).workspaceId;
    const { slackWebhookUrl, ...body } = req.body;
    const f: ScheduleFields = { divisionId: null, recipients: [], enabled: true, ...body, slackWebhookEncrypted: null };
    await check(ws, f, slackWebhookUrl);
    return reply.status(201).send(shown((await saveSchedule(db, ws, null, { ...f, slackWebhookEncrypted: encrypted(slackWebhookUrl, null) }))!));
  });

  app.patch('/api/v1/report-schedules/:id', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'Change a report schedule', params: IdParams, body: Type.Partial(Type.Object({ ...Fields, slackWebhookUrl: SlackWebhookUrl }), { additionalProperties: false }), response: { 200: Schedule, ...errors(404, 422) } },
  }, async (req) => {
    const ws = principalOf(req).workspaceId;
    const current = isUuid(req.params.id) ? await getSchedule(db, ws, req.params.id) : null;
    if (!current) throw notFound('Report schedule');
    const { id: _id, updatedAt: _u, ...fields } = current;
    const { slackWebhookUrl, ...body } = req.body;
    const merged = { ...fields, ...body, slackWebhookEncrypted: encrypted(slackWebhookUrl, current.slackWebhookEncrypted) };
    await check(ws, merged, undefined);
    if (slackWebhookUrl && !isSlackWebhookUrl(slackWebhookUrl)) throw invalid([{ path: 'slackWebhookUrl', message: 'Must be an https URL (a Slack incoming webhook: https://hooks.slack.com/services/…).' }]);
    return shown((await saveSchedule(db, ws, current.id, merged))!);
  });

  app.delete('/api/v1/report-schedules/:id', {
    config: { auth: 'admin' }, schema: { tags, summary: 'Delete a report schedule', params: IdParams, response: { 204: NoContent, ...errors(404) } },
  }, async (req, reply) => {
    if (!isUuid(req.params.id) || !(await deleteSchedule(db, principalOf(req).workspaceId, req.params.id))) throw notFound('Report schedule');
    return reply.status(204).send(null);
  });

  app.get('/api/v1/report-schedules/:id/runs', {
    config: { auth: 'supervisor' }, schema: { tags, summary: 'What a schedule sent, per period (newest first, 50)', params: IdParams, response: { 200: Type.Object({ items: Type.Array(Run) }), ...errors(404) } },
  }, async (req) => {
    const ws = principalOf(req).workspaceId;
    if (!isUuid(req.params.id) || !(await getSchedule(db, ws, req.params.id))) throw notFound('Report schedule');
    return { items: await listRuns(db, ws, req.params.id) };
  });

  app.post('/api/v1/report-schedules/preview', {
    config: { auth: 'supervisor' },
    schema: {
      tags, summary: 'What a schedule would send now for its last complete period (the email with its charts, or the Slack message); nothing is sent',
      body: Type.Object({ name: Fields.name, kind: Fields.kind, frequency: Fields.frequency, divisionId: Type.Optional(Fields.divisionId) }, { additionalProperties: false }),
      response: { 200: Preview, ...errors(422) },
    },
  }, async (req) => {
    const ws = principalOf(req).workspaceId;
    const divisionId = req.body.divisionId ?? null;
    if (divisionId !== null && !(isUuid(divisionId) && (await getDivision(db, ws, divisionId)))) throw invalid([{ path: 'divisionId', message: 'No such division.' }]);
    return previewReport({ db, publicUrl: app.config.publicUrl }, ws, { ...req.body, divisionId });
  });
};

export default routes;
