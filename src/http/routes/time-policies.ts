/** Office hours (weekly schedule, holidays, time zone), SLA policies and the workspace time zone. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError, invalid, notFound } from '../../domain/errors.js';
import { isTimeZone, validateSchedule, WEEKDAYS } from '../../domain/time/business-time.js';
import { isUuid } from '../../lib/secret-token.js';
import { onUnique } from '../../store/pg-errors.js';
import { getDivision } from '../../store/divisions.js';
import {
  deleteOfficeHours, deleteSlaPolicy, getOfficeHours, getSlaPolicy, insertOfficeHours, insertSlaPolicy, listOfficeHours, listSlaPolicies, updateOfficeHours, updateSlaPolicy,
} from '../../store/time-policies.js';
import { principalOf } from '../plugins/auth.js';
import { errors, IdParams, NoContent, Nullable, Timestamp } from '../schemas.js';
import type { Db } from '../../store/db.js';
import { getWorkspace, updateWorkspace } from '../../store/workspaces.js';

const Time = Type.String({ pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$', description: 'HH:MM, 00:00–24:00' });
const Opening = Type.Object({ start: Time, end: Time }, { additionalProperties: false });
const Weekly = Type.Object(Object.fromEntries(WEEKDAYS.map((d) => [d, Type.Array(Opening, { maxItems: 6 })])) as Record<(typeof WEEKDAYS)[number], ReturnType<typeof Type.Array<typeof Opening>>>, { additionalProperties: false });
const ScheduleBody = {
  timeZone: Type.String({ maxLength: 64, description: 'IANA time zone, e.g. Asia/Jakarta' }),
  weekly: Weekly,
  holidays: Type.Array(Type.String({ format: 'date' }), { maxItems: 400, description: 'Local dates closed all day.' }),
};
const OfficeHours = Type.Object({ id: Type.String(), divisionId: Nullable(Type.String()), ...ScheduleBody, updatedAt: Timestamp }, { title: 'OfficeHours' });
const Minutes = Nullable(Type.Integer({ minimum: 1, maximum: 525_600 }));
const SlaBody = { name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }), firstResponseMinutes: Minutes, resolutionMinutes: Minutes, businessHours: Type.Boolean() };
const SlaPolicy = Type.Object({ id: Type.String(), divisionId: Nullable(Type.String()), ...SlaBody, updatedAt: Timestamp }, { title: 'SlaPolicy' });
const WorkspaceInfo = Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String(), timeZone: Type.String(), reportsRebuilding: Type.Boolean() }, { title: 'Workspace' });
const oneScope = (what: string) => () => new AppError('conflict', `There is already ${what} for this scope (the workspace, or this division); change that one instead.`);

async function checkDivision(db: Db, workspaceId: string, divisionId: string | null | undefined) {
  if (divisionId && !(await getDivision(db, workspaceId, divisionId))) throw invalid([{ path: 'divisionId', message: 'No such division in this workspace.' }]);
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;
  const tags = ['Office hours and SLA'];

  app.get('/api/v1/workspace', {
    config: { auth: 'agent' },
    schema: { tags: ['Workspace'], summary: 'The workspace (name, time zone of reports)', response: { 200: WorkspaceInfo, ...errors() } },
  }, async (req) => getWorkspace(db, principalOf(req).workspaceId));

  app.patch('/api/v1/workspace', {
    config: { auth: 'admin' },
    schema: {
      tags: ['Workspace'], summary: 'Rename the workspace or change its time zone (report days are rebuilt)',
      description: 'A new time zone moves facts between report days: the rollups are rebuilt by a background job (seconds for thousands of responses, minutes for millions); until then `reportsRebuilding` is true here and in reports.',
      body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), timeZone: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false }),
      response: { 200: WorkspaceInfo, ...errors(422) },
    },
  }, async (req) => {
    const ws = principalOf(req).workspaceId;
    if (req.body.timeZone !== undefined && !isTimeZone(req.body.timeZone)) throw invalid([{ path: 'timeZone', message: `"${req.body.timeZone}" is not an IANA time zone such as Asia/Jakarta.` }]);
    return db.transaction().execute(async (trx) => {
      const { workspace, rebuildRequested } = await updateWorkspace(trx, ws, req.body);
      // Rollups are kept per local day: a new time zone moves facts between days (rebuilt by a job).
      if (rebuildRequested) await app.jobs.enqueueRollupRebuild(trx, ws);
      return workspace;
    });

  });

  app.get('/api/v1/office-hours', {
    config: { auth: 'agent' },
    schema: { tags, summary: 'Office hours: the workspace default (divisionId null) and division overrides', response: { 200: Type.Object({ items: Type.Array(OfficeHours) }), ...errors() } },
  }, async (req) => ({ items: await listOfficeHours(db, principalOf(req).workspaceId) }));

  app.post('/api/v1/office-hours', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Create office hours for the workspace or a division',
      description: 'Business-time figures use the division\'s office hours, else the workspace\'s; without any, every hour counts. Changes apply to conversations resolved afterwards.',
      body: Type.Object({ divisionId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))), ...ScheduleBody }, { additionalProperties: false }),
      response: { 201: OfficeHours, ...errors(409, 422) },
    },
  }, async (req, reply) => {
    const ws = principalOf(req).workspaceId;
    const { divisionId = null, ...schedule } = req.body;
    const issues = validateSchedule(schedule);
    if (issues.length) throw invalid(issues);
    await checkDivision(db, ws, divisionId);
    return reply.status(201).send(await onUnique(() => insertOfficeHours(db, ws, divisionId, schedule), oneScope('office hours')));
  });

  app.put('/api/v1/office-hours/:id', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'Replace office hours', params: IdParams, body: Type.Object(ScheduleBody, { additionalProperties: false }), response: { 200: OfficeHours, ...errors(404, 422) } },
  }, async (req) => {
    const ws = principalOf(req).workspaceId;
    if (!isUuid(req.params.id) || !(await getOfficeHours(db, ws, req.params.id))) throw notFound('Office hours');
    const issues = validateSchedule(req.body);
    if (issues.length) throw invalid(issues);
    return (await updateOfficeHours(db, ws, req.params.id, req.body))!;
  });

  app.delete('/api/v1/office-hours/:id', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'Delete office hours', params: IdParams, response: { 204: NoContent, ...errors(404) } },
  }, async (req, reply) => {
    if (!isUuid(req.params.id) || !(await deleteOfficeHours(db, principalOf(req).workspaceId, req.params.id))) throw notFound('Office hours');
    return reply.status(204).send(null);
  });

  app.get('/api/v1/sla-policies', {
    config: { auth: 'agent' },
    schema: { tags, summary: 'SLA policies: the workspace default (divisionId null) and division overrides', response: { 200: Type.Object({ items: Type.Array(SlaPolicy) }), ...errors() } },
  }, async (req) => ({ items: await listSlaPolicies(db, principalOf(req).workspaceId) }));

  app.post('/api/v1/sla-policies', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Create an SLA policy for the workspace or a division',
      description: 'Targets for first response and resolution, in business time (office hours) or wall-clock time. Compliance = share of resolved conversations within the target.',
      body: Type.Object({ divisionId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))), ...SlaBody }, { additionalProperties: false }),
      response: { 201: SlaPolicy, ...errors(409, 422) },
    },
  }, async (req, reply) => {
    const ws = principalOf(req).workspaceId;
    await checkDivision(db, ws, req.body.divisionId);
    return reply.status(201).send(await onUnique(() => insertSlaPolicy(db, ws, { ...req.body, divisionId: req.body.divisionId ?? null }), oneScope('an SLA policy')));
  });

  app.put('/api/v1/sla-policies/:id', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'Replace an SLA policy', params: IdParams, body: Type.Object(SlaBody, { additionalProperties: false }), response: { 200: SlaPolicy, ...errors(404, 422) } },
  }, async (req) => {
    const ws = principalOf(req).workspaceId;
    if (!isUuid(req.params.id) || !(await getSlaPolicy(db, ws, req.params.id))) throw notFound('SLA policy');
    return (await updateSlaPolicy(db, ws, req.params.id, req.body))!;
  });

  app.delete('/api/v1/sla-policies/:id', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'Delete an SLA policy', params: IdParams, response: { 204: NoContent, ...errors(404) } },
  }, async (req, reply) => {
    if (!isUuid(req.params.id) || !(await deleteSlaPolicy(db, principalOf(req).workspaceId, req.params.id))) throw notFound('SLA policy');
    return reply.status(204).send(null);
  });
};

export default routes;
