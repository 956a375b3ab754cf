import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { validateAlertRule } from '../../domain/alerts.js';
import { invalid, notFound } from '../../domain/errors.js';
import { literals } from '../../domain/settings/schema.js';
import { isUuid } from '../../lib/secret-token.js';
import { deleteAlertRule, getAlertRule, listAlertRules, saveAlertRule, type AlertRuleFields, type AlertRuleRow } from '../../store/alerts.js';
import { isSlackWebhookUrl, slackUrlHint } from '../../channels/slack/incoming-webhook.js';
import { principalOf } from '../plugins/auth.js';
import { errors, IdParams, NoContent, Nullable, Timestamp } from '../schemas.js';

const Fields = {
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  surveyType: literals(['csat', 'ces', 'nps'] as const),
  maxScore: Type.Integer({ description: 'Answers at or below trigger the rule: CSAT ≤ 2, NPS ≤ 6 (detractors), CES ≤ 2 …' }),
  notifySupervisor: Type.Boolean({ description: 'Email the supervisor of the conversation\'s division (needs SMTP_URL).' }),
  ticketWebhookUrl: Nullable(Type.String({ maxLength: 2000, description: 'POSTed the conversation and the answer, to open a follow-up ticket.' })),
  enabled: Type.Boolean(),
  createTicket: Type.Boolean({ description: 'Submit a ticket through Settings → Ticket (signed, retried, shown on the conversation) when the rule fires.' }),
};
const SlackWebhookUrl = Nullable(Type.String({ maxLength: 500, description: 'A Slack incoming webhook (https://hooks.slack.com/services/…): the alert is posted there as a Block Kit message. Write-only; null removes it.' }));
const Rule = Type.Object({ id: Type.String(), ...Fields, slackWebhook: Nullable(Type.String({ description: 'The Slack webhook as shown (host and last characters).' })), updatedAt: Timestamp }, { title: 'AlertRule' });
const tags = ['Alerts'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;
  const { keys } = app;
  const check = (f: AlertRuleFields, slackUrl: string | null | undefined) => {
    const issues = validateAlertRule(f);
    if (slackUrl && !isSlackWebhookUrl(slackUrl)) issues.push({ path: 'slackWebhookUrl', message: 'Must be an https URL (a Slack incoming webhook: https://hooks.slack.com/services/…).' });
    if (issues.length) throw invalid(issues);
  };
  const shown = ({ slackWebhookEncrypted, ...r }: AlertRuleRow) => ({ ...r, slackWebhook: slackWebhookEncrypted ? slackUrlHint(keys.decrypt(slackWebhookEncrypted)) : null });
  const encrypted = (url: string | null | undefined, current: string | null) => (url === undefined ? current : url === null || url === '' ? null : keys.encrypt(url));

  app.get('/api/v1/alert-rules', {
    config: { auth: 'supervisor' },
    schema: { tags, summary: 'Alert rules', response: { 200: Type.Object({ items: Type.Array(Rule) }), ...errors() } },
  }, async (req) => ({ items: (await listAlertRules(db, principalOf(req).workspaceId)).map(shown) }));

  app.post('/api/v1/alert-rules', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Create an alert rule: a bad answer emails the division supervisor and calls a ticket webhook',
      body: Type.Object({ ...Fields, notifySupervisor: Type.Optional(Fields.notifySupervisor), ticketWebhookUrl: Type.Optional(Fields.ticketWebhookUrl), slackWebhookUrl: Type.Optional(SlackWebhookUrl), enabled: Type.Optional(Fields.enabled), createTicket: Type.Optional(Fields.createTicket) }, { additionalProperties: false }),
      response: { 201: Rule, ...errors(422) },
    },
  }, async (req, reply) => {
    const { slackWebhookUrl, ...body } = req.body;
    const f: AlertRuleFields = { notifySupervisor: true, ticketWebhookUrl: null, enabled: true, createTicket: false, ...body, slackWebhookEncrypted: null };
    check(f, slackWebhookUrl);
    return reply.status(201).send(shown((await saveAlertRule(db, principalOf(req).workspaceId, null, { ...f, slackWebhookEncrypted: encrypted(slackWebhookUrl, null) }))!));
  });

  app.patch('/api/v1/alert-rules/:id', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'Change an alert rule', params: IdParams, body: Type.Partial(Type.Object({ ...Fields, slackWebhookUrl: SlackWebhookUrl }), { additionalProperties: false }), response: { 200: Rule, ...errors(404, 422) } },
  }, async (req) => {
    const ws = principalOf(req).workspaceId;
    const current = isUuid(req.params.id) ? await getAlertRule(db, ws, req.params.id) : null;
    if (!current) throw notFound('Alert rule');
    const { id: _id, updatedAt: _u, ...fields } = current;
    const { slackWebhookUrl, ...body } = req.body;
    const merged = { ...fields, ...body };
    check(merged, slackWebhookUrl);
    return shown((await saveAlertRule(db, ws, current.id, { ...merged, slackWebhookEncrypted: encrypted(slackWebhookUrl, current.slackWebhookEncrypted) }))!);
  });

  app.delete('/api/v1/alert-rules/:id', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'Delete an alert rule', params: IdParams, response: { 204: NoContent, ...errors(404) } },
  }, async (req, reply) => {
    if (!isUuid(req.params.id) || !(await deleteAlertRule(db, principalOf(req).workspaceId, req.params.id))) throw notFound('Alert rule');
    return reply.status(204).send(null);
  });
};

export default routes;
