/**
 * Builds the HTTP application: plugins (validation, errors, cookies, auth, OpenAPI) and routes.
 * The caller owns the database and starts listening.
 */
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { completeDocument } from './openapi/complete-document.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Jobs } from '../jobs/queue.js';
import type { Keys } from '../lib/keys.js';
import type { Metrics } from '../lib/metrics.js';
import { redactSecrets } from '../lib/redact.js';
import { GroupCommit, type Transact } from '../store/group-commit.js';
import type { Db } from '../store/db.js';
import { installAuth } from './plugins/auth.js';
import { clientErrorHandler, frameworkErrorHandler, installErrorHandling } from './plugins/errors.js';
import { installInputGuard } from './plugins/input-guard.js';
import { installMetrics } from './plugins/metrics.js';
import { installValidation } from './plugins/validation.js';
import authRoutes from './routes/auth.js';
import channelRoutes from './routes/channels.js';
import chatwootAgentRoutes from './routes/chatwoot-agents.js';
import divisionRoutes from './routes/divisions.js';
import healthRoutes from './routes/health.js';
import metricsRoutes from './routes/metrics.js';
import settingsRoutes from './routes/settings.js';
import webhookRoutes from './routes/webhooks.js';
import webAppRoutes from './routes/web-app.js';
import allocationRoutes from './routes/allocation.js';
import webhookEndpointRoutes from './routes/webhook-endpoints.js';
import integrationRoutes from './routes/integrations.js';
import surveyPageRoutes, { surveyErrorPages } from './routes/survey-page.js';
import conversationRoutes from './routes/conversations.js';
import responseRoutes from './routes/responses.js';
import reportRoutes from './routes/reports.js';
import timePolicyRoutes from './routes/time-policies.js';
import reviewRoutes from './routes/reviews.js';
import alertRoutes from './routes/alerts.js';
import reportScheduleRoutes from './routes/report-schedules.js';
import tokenRoutes from './routes/tokens.js';
import userRoutes from './routes/users.js';
import toneRoutes from './routes/tone.js';
import automationRoutes from './routes/automation.js';
import contactRoutes from './routes/contacts.js';
import contactReportRoutes from './routes/contact-reports.js';
import ticketRoutes from './routes/tickets.js';
import widgetRoutes from './routes/widget.js';
import linkSurveyRoutes from './routes/link-surveys.js';
import badgeRoutes from './routes/badge.js';
import broadcastRoutes from './routes/broadcasts.js';
import integrationBackfillRoutes from './routes/integration-backfill.js';

export type AppConfig = Pick<Config, 'publicUrl' | 'cookieSecure' | 'logLevel'> & Partial<Pick<Config, 'trustProxy' | 'eventWindow' | 'sendConcurrency' | 'keyedSendConcurrency' | 'metricsToken' | 'chatwootAvailabilityPollSeconds'>>;

export interface AppDeps {
  db: Db;
  config: AppConfig;
  keys: Keys;
  jobs: Jobs;
  metrics: Metrics;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: AppConfig;
    keys: Keys;
    jobs: Jobs;
    metrics: Metrics;
    /** Group commit for requests whose unit of work is small (single events, provider webhooks). */
    transact: Transact;
    /** The same group commit, for units written together (`add`) and its stats. */
    groupCommit: GroupCommit;
  }
}

export const BODY_LIMIT = 1024 * 1024;
/** Ids are at most 200 characters; percent-encoded, up to 12 bytes each. Longer path parts answer 404. */
const MAX_PARAM_LENGTH = 2400;

/** The hosted survey page answers its errors with pages, everything else with JSON. */
const ERROR_PAGES = [surveyErrorPages];

/** A hop count as Fastify applies it (the t hops nearest nilai are trusted proxies); Fastify's types lack numbers. */
const trustProxyOption = (t: Config['trustProxy']) => (typeof t === 'number' ? (_address: string, hop: number) => hop < t : t);

const API_DESCRIPTION = [
  'nilai measures customer service quality: it asks customers CSAT, CES and NPS surveys when their conversation is resolved, in the channel they used or on a hosted page, and reports them with the conversation timings and SLA.',
  '',
  '- **Inbox events** (`POST /api/v1/events`, or the Chatwoot webhook) feed conversations; **Settings** (survey, office hours, SLA, inbox automation, allocation, contact fields, masking, ticket, tone) decide what happens; **Responses**, **Reports** (with CSV/XLSX exports), **Reviews** and the **agent scorecard** read the results; **Webhooks**, alerts, tickets and report schedules hand them on.',
  '- Authenticate with `Authorization: Bearer <token>` (create one with `npm run nilai -- token create`, or under Settings → API tokens) or the admin app\'s session cookie. Roles: admin, supervisor, agent; each operation names the least role.',
  '- Errors are always `{ "error": { "code", "message", "details": [{ "path", "message" }] } }`; send `Accept-Language: id` for Indonesian messages.',
].join('\n');

export async function buildApp({ db, config, keys, jobs, metrics }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      // Fastify's request fields, with secrets in the query (WhatsApp's hub.verify_token) redacted.
      serializers: { req: (req: FastifyRequest) => ({ method: req.method, url: redactSecrets(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }) },
    },
    bodyLimit: BODY_LIMIT,
    // X-Forwarded-For only from the proxies named in TRUST_PROXY: otherwise any client could choose its
    // address (and so escape the per-address sign-in limit).
    trustProxy: trustProxyOption(config.trustProxy ?? false),
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkErrorHandler(ERROR_PAGES),
    clientErrorHandler: clientErrorHandler(ERROR_PAGES),
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('db', db);
  app.decorate('config', config);
  app.decorate('keys', keys);
  app.decorate('jobs', jobs);
  app.decorate('metrics', metrics);
  const groupCommit = new GroupCommit(db);
  app.decorate('groupCommit', groupCommit);
  app.decorate('transact', groupCommit.run);
  installMetrics(app, metrics);
  // Only JSON bodies on the API: browsers cannot send JSON cross-site without CORS, which (with the
  // SameSite session cookie) keeps cookie-authenticated calls safe from request forgery.
  app.removeContentTypeParser('text/plain');
  installInputGuard(app);
  installValidation(app);
  installErrorHandling(app, ERROR_PAGES);
  await app.register(cookie);
  installAuth(app, db);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'nilai API', version: '1', description: API_DESCRIPTION },
      servers: [{ url: config.publicUrl }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'nilai_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transformObject: (doc) => completeDocument('openapiObject' in doc ? doc.openapiObject : doc.swaggerObject),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  for (const routes of [healthRoutes, metricsRoutes, authRoutes, settingsRoutes, channelRoutes, chatwootAgentRoutes, divisionRoutes, userRoutes, tokenRoutes, conversationRoutes, responseRoutes, reportRoutes, timePolicyRoutes, reviewRoutes, alertRoutes, surveyPageRoutes, webhookRoutes, webhookEndpointRoutes, toneRoutes, automationRoutes, contactRoutes, contactReportRoutes, ticketRoutes, widgetRoutes, linkSurveyRoutes, badgeRoutes, reportScheduleRoutes, allocationRoutes, broadcastRoutes, integrationRoutes, integrationBackfillRoutes, webAppRoutes]) {
    await app.register(routes);
  }
  return app;
}
