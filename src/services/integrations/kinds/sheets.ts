/**
 * Google Sheets: each answer appends one row (the column mapping, domain/sheets/columns) to a sheet of a
 * spreadsheet shared with a service account, whose JSON key is the integration's secret
 * `serviceAccountKey` (stored encrypted with the other secrets). A follow-up answer either rewrites the
 * answer's row (`followUp: 'update'`: the row values.append returned, kept as the delivery's result) or
 * appends a new row (`'append'`). In update mode any delivery of an answer whose row is known rewrites
 * that row, so a replay, a backfill or a follow-up delivered before its answer never adds a second row.
 * Google's refusals in words (domain/sheets/errors): 429 and 5xx are retried with backoff, the others
 * are final. The test button reads the spreadsheet's metadata (spreadsheets.get) and writes nothing.
 */
import { appendRange, rowOfRange, rowRange } from '../../../domain/sheets/a1.js';
import { renderRow, type SheetAnswer, type SheetColumn } from '../../../domain/sheets/columns.js';
import { checkSheetsConfig, type SheetsConfig } from '../../../domain/sheets/config.js';
import { sheetsFailure } from '../../../domain/sheets/errors.js';
import { parseServiceAccountKey, type ServiceAccountKey } from '../../../domain/sheets/service-account.js';
import type { ErrorDetail } from '../../../domain/errors.js';
import { accessToken, appendRequest, callSheets, metadataRequest, updateRequest, type SheetsRequest, type SheetsResponse } from '../../../channels/sheets/client.js';
import type { IntegrationVariables } from '../variables.js';
import type { DeliveryContext, DeliveryOutcome, IntegrationKindDef, RequestExcerpt, ResponseExcerpt } from './types.js';

/** The stored settings: the checked config plus the key's client_email, shown so the admin can share the sheet with it. */
export type StoredSheetsConfig = SheetsConfig & { clientEmail: string | null };

/** What a delivery remembers for later ones of the same answer. */
interface RowResult { row: number; updatedRange: string }

const SECRET = 'serviceAccountKey';

function columnsOf(raw: unknown, problems: ErrorDetail[]): SheetColumn[] {
  if (!Array.isArray(raw)) {
    problems.push({ path: 'config.columns', message: 'Must be a list of columns, each { "text": "…" } or { "variable": "score" }.' });
    return [];
  }
  return raw.flatMap((c, i): SheetColumn[] => {
    const o = (typeof c === 'object' && c !== null ? c : {}) as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && typeof o.text === 'string') return [{ text: o.text }];
    if (keys.length === 1 && typeof o.variable === 'string') return [{ variable: o.variable } as SheetColumn];
    problems.push({ path: `config.columns.${i}`, message: 'Must be { "text": "…" } or { "variable": "…" }.' });
    return [];
  });
}

export function validateSheets(raw: Record<string, unknown>, secrets: Record<string, string>): { config: StoredSheetsConfig; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const text = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : '');
  for (const k of ['spreadsheet', 'sheetName']) if (typeof raw[k] !== 'string') problems.push({ path: `config.${k}`, message: 'Must be text.' });
  const columns = columnsOf(raw.columns, problems);
  const followUp = raw.followUp === undefined ? 'update' : raw.followUp;
  for (const k of Object.keys(raw)) if (!['spreadsheet', 'spreadsheetId', 'sheetName', 'columns', 'followUp', 'clientEmail'].includes(k)) problems.push({ path: `config.${k}`, message: 'Unknown setting.' });
  // A saved config carries spreadsheetId; a form sends spreadsheet (the address or id).
  const checked = checkSheetsConfig({ spreadsheet: text('spreadsheet') || text('spreadsheetId'), sheetName: text('sheetName'), columns, followUp: followUp as 'update' }, null);
  if ('problems' in checked) problems.push(...checked.problems.filter((p) => !problems.some((q) => q.path === p.path)));
  let clientEmail: string | null = null;
  if (!secrets[SECRET]) problems.push({ path: `secrets.${SECRET}`, message: 'Upload the service account\'s JSON key (Google Cloud console → IAM → Service accounts → Keys → Add key → JSON).' });
  else {
    const key = parseServiceAccountKey(secrets[SECRET], `secrets.${SECRET}`);
    if ('problems' in key) problems.push(...key.problems);
    else clientEmail = key.key.client_email;
  }
  const config = 'config' in checked ? checked.config : { spreadsheetId: '', sheetName: text('sheetName'), columns, followUp: 'update' as const };
  return { config: { ...config, clientEmail }, problems };
}

/** The answer as the column mapping reads it. */
export function sheetAnswer(v: IntegrationVariables): SheetAnswer {
  const c = v.conversation;
  return {
    responseId: v.response.id, surveyType: v.response.type as SheetAnswer['surveyType'], score: v.response.score, scaleMax: v.response.scale_max,
    followUpQuestion: v.response.follow_up_question, followUpText: v.response.comment, followUpSkipped: v.response.follow_up_skipped,
    language: v.response.language, settingsVersion: v.response.settings_version, answeredAt: new Date(v.response.answered_at_utc), source: v.response.source,
    conversationId: c?.id ?? null, agent: v.agent && { name: v.agent.name, email: v.agent.email }, channel: { name: v.channel.name, type: v.channel.type },
    division: v.division && { name: v.division.name }, tags: v.response.tags, contact: v.contact,
    timings: c && {
      firstResponse: c.first_response_seconds, firstResponseBusiness: c.first_response_business_seconds, averageResponse: c.average_response_seconds,
      resolution: c.resolution_seconds, resolutionBusiness: c.resolution_business_seconds, slaFirstResponseMet: c.sla_first_response_met, slaResolutionMet: c.sla_resolution_met,
    },
  };
}

const excerpt = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);
const requestExcerpt = (r: SheetsRequest): RequestExcerpt => ({ method: r.method, url: r.url, headers: { authorization: 'Bearer …' }, body: r.body === undefined ? '' : excerpt(JSON.stringify(r.body), 4000) });
const responseExcerpt = (r: SheetsResponse): ResponseExcerpt => ({ status: r.status, body: excerpt(r.text || r.error || '', 2000) });

function failed(r: SheetsResponse, req: SheetsRequest, key: ServiceAccountKey, config: SheetsConfig): DeliveryOutcome {
  const f = r.status === null ? { temporary: true, message: `Google Sheets unreachable: ${r.error ?? 'no answer'}; nilai tries again later.` } : sheetsFailure(r.status, r.json, { clientEmail: key.client_email, sheetName: config.sheetName });
  return { outcome: f.temporary ? 'retry' : 'failed', error: f.message, request: requestExcerpt(req), response: responseExcerpt(r) };
}

const earlierRow = (earlier: unknown): number | null => {
  const row = (earlier as Partial<RowResult> | null)?.row;
  return typeof row === 'number' && Number.isInteger(row) && row > 0 ? row : null;
};

export async function deliverSheets(ctx: DeliveryContext<StoredSheetsConfig>): Promise<DeliveryOutcome> {
  const config = ctx.integration.config;
  const parsed = parseServiceAccountKey(ctx.integration.secrets[SECRET] ?? '');
  if ('problems' in parsed) return { outcome: 'failed', error: 'The service account key is missing or unreadable: upload the JSON key again.', request: null, response: null };
  const key = parsed.key;
  const token = await accessToken(key);
  if (!token.ok) return { outcome: token.failure.temporary ? 'retry' : 'failed', error: token.failure.message, request: null, response: { status: token.status, body: token.body } };

  if (ctx.deliveryId.startsWith('test_')) {
    const req = metadataRequest(config.spreadsheetId);
    const r = await callSheets(req, token.token);
    if (r.status !== 200) return failed(r, req, key, config);
    const titles = ((r.json as { sheets?: { properties?: { title?: string } }[] } | null)?.sheets ?? []).map((s) => s.properties?.title);
    if (!titles.includes(config.sheetName)) {
      return { outcome: 'failed', error: `The spreadsheet has no sheet "${config.sheetName}"; its sheets are: ${titles.join(', ')}.`, request: requestExcerpt(req), response: responseExcerpt(r) };
    }
    return { outcome: 'delivered', request: requestExcerpt(req), response: responseExcerpt(r) };
  }

  const row = renderRow(config.columns, sheetAnswer(ctx.variables), ctx.variables.workspace.time_zone);
  const known = earlierRow(ctx.earlier);
  const rewrite = known !== null && config.followUp === 'update';
  const req = rewrite ? updateRequest(config.spreadsheetId, rowRange(config.sheetName, known, row.length), row) : appendRequest(config.spreadsheetId, appendRange(config.sheetName), row);
  const r = await callSheets(req, token.token);
  if (r.status !== 200) return failed(r, req, key, config);
  const body = r.json as { updates?: { updatedRange?: string }; updatedRange?: string } | null;
  const updatedRange = (rewrite ? body?.updatedRange : body?.updates?.updatedRange) ?? '';
  const written = rewrite ? known : rowOfRange(updatedRange);
  return { outcome: 'delivered', request: requestExcerpt(req), response: responseExcerpt(r), ...(written !== null && { result: { row: written, updatedRange } satisfies RowResult }) };
}

export const sheetsKind: IntegrationKindDef<StoredSheetsConfig> = { kind: 'sheets', validate: validateSheets, deliver: deliverSheets };
