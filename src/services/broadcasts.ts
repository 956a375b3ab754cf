/**
 * Broadcasts (relationship surveys): a survey sent to a list of contacts (a filter over contacts and
 * their fields, or an uploaded CSV) through a WhatsApp, Telegram or email channel from a start time.
 * Creating one stores it and its recipients in one transaction; the pacer (services/broadcast-pacer)
 * queues them at the channel's rate. A preview (`dryRun`) answers the same counts and row report
 * without storing anything.
 */
import { parseAudienceCsv, type CsvProblem } from '../domain/broadcasts/audience-csv.js';
import { broadcastReport } from '../domain/broadcasts/report.js';
import { BROADCAST_CHANNEL_TYPES, type BroadcastChannelType } from '../domain/broadcasts/recipient.js';
import { validateContactTargeting, type ContactTargeting } from '../domain/contacts/targeting.js';
import { AppError, invalid, notFound } from '../domain/errors.js';
import type { SurveyType } from '../domain/settings/schema.js';
import { isUuid } from '../lib/secret-token.js';
import { addressColumn, broadcastFacts, cancelBroadcastWork, contactsMatching, countInCooldown, getBroadcast, getPace, insertBroadcast, insertRecipients, listBroadcasts, setBroadcastStatus, setPace, upsertListContacts, type BroadcastRow } from '../store/broadcasts.js';
import { getChannel } from '../store/channels.js';
import { listContactFields } from '../store/contact-fields.js';
import type { Db } from '../store/db.js';
import { getCurrentSettings } from '../store/survey-settings.js';
import { DEFAULT_RATE } from './broadcast-pacer.js';
import type { Principal } from './principal.js';

export type Audience = { kind: 'filter'; filter: ContactTargeting } | { kind: 'csv'; csv: string };

export interface BroadcastInput {
  name: string;
  channelId: string;
  surveyType: SurveyType;
  audience: Audience;
  /** Default: now. */
  startAt?: string;
  /** The channel's broadcast rate (messages a minute), kept for later broadcasts on it. */
  perMinute?: number;
}

export interface Preview {
  recipients: number;
  optedOut: number;
  inCooldown: number;
  noAddress: number;
  /** Recipients expected to get the survey (cooldown counted as of now). */
  toSend: number;
  perMinute: number;
  /** Rows of the CSV left out, each with its row, column and reason. */
  problems: CsvProblem[];
  rowsRead: number | null;
}

async function sendingChannel(db: Db, workspaceId: string, channelId: string) {
  const channel = isUuid(channelId) ? await getChannel(db, workspaceId, channelId) : null;
  if (!channel) throw invalid([{ path: 'channelId', message: 'No such channel.' }]);
  if (!(BROADCAST_CHANNEL_TYPES as readonly string[]).includes(channel.type)) {
    throw invalid([{ path: 'channelId', message: `Broadcasts go through WhatsApp, Telegram or email channels; this is a ${channel.type} channel.` }]);
  }
  return { ...channel, type: channel.type as BroadcastChannelType };
}

/** The audience resolved to contacts (a CSV's contacts written in `trx`), with the preview's counts. */
async function resolveAudience(trx: Db, workspaceId: string, input: BroadcastInput, write: boolean) {
  const channel = await sendingChannel(trx, workspaceId, input.channelId);
  const fields = await listContactFields(trx, workspaceId);
  const column = addressColumn[channel.type];
  let contacts: { id: string; optedOut: boolean; hasAddress: boolean }[] = [];
  let problems: CsvProblem[] = [];
  let rowsRead: number | null = null;
  if (input.audience.kind === 'filter') {
    const issues = validateContactTargeting(input.audience.filter, fields, 'audience.filter');
    if (issues.length) throw invalid(issues);
    const rows = await contactsMatching(trx, workspaceId, input.audience.filter);
    contacts = rows.map((r) => ({ id: r.id, optedOut: r.opted_out_at !== null, hasAddress: channel.type === 'telegram' ? /^-?\d+$/.test(r.handle ?? '') : Boolean(r[column]) }));
  } else {
    const parsed = parseAudienceCsv(input.audience.csv, fields, channel.type);
    problems = parsed.problems;
    rowsRead = parsed.rows.length + new Set(parsed.problems.filter((p) => p.row > 1).map((p) => p.row)).size;
    const rows = parsed.rows.map((r) => ({ address: { phone: r.phone, email: r.email, handle: r.telegramId }[column]!, name: r.name, phone: r.phone, email: r.email, handle: r.telegramId, locale: r.language, attributes: r.attributes }));
    if (write) {
      const ids = await upsertListContacts(trx, workspaceId, column, rows);
      const opted = new Set((await trx.selectFrom('contacts').select('id').where('id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']).where('opted_out_at', 'is not', null).execute()).map((r) => r.id));
      contacts = ids.map((id) => ({ id, optedOut: opted.has(id), hasAddress: true }));
    } else {
      // A preview writes nothing: known contacts are found by their address, the others are new.
      const known = rows.length ? await trx.selectFrom('contacts').select(['id', column, 'opted_out_at']).where('workspace_id', '=', workspaceId).where(column, 'in', rows.map((r) => r.address)).execute() : [];
      const byAddress = new Map(known.map((k) => [k[column] as string, k]));
      contacts = rows.map((r) => {
        const k = byAddress.get(r.address);
        return { id: k?.id ?? '', optedOut: k ? k.opted_out_at !== null : false, hasAddress: true };
      });
    }
  }
  const { settings } = await getCurrentSettings(trx, workspaceId);
  const optedOut = contacts.filter((c) => c.optedOut).length;
  const noAddress = contacts.filter((c) => !c.optedOut && !c.hasAddress).length;
  const inCooldown = await countInCooldown(trx, contacts.filter((c) => c.id && !c.optedOut && c.hasAddress).map((c) => c.id), settings.sending.cooldownDays);
  const pace = await getPace(trx, channel.id);
  const perMinute = input.perMinute ?? pace?.per_minute ?? DEFAULT_RATE[channel.type];
  const preview: Preview = { recipients: contacts.length, optedOut, inCooldown, noAddress, toSend: contacts.length - optedOut - noAddress - inCooldown, perMinute, problems, rowsRead };
  return { channel, contacts, preview };
}

export async function previewBroadcast(db: Db, p: Principal, input: BroadcastInput): Promise<Preview> {
  return (await resolveAudience(db, p.workspaceId, input, false)).preview;
}

export async function createBroadcast(db: Db, p: Principal, input: BroadcastInput) {
  const startAt = input.startAt ? new Date(input.startAt) : new Date();
  if (Number.isNaN(startAt.getTime())) throw invalid([{ path: 'startAt', message: 'must be a date and time (RFC 3339)' }]);
  const id = await db.transaction().execute(async (trx) => {
    const { channel, contacts, preview } = await resolveAudience(trx, p.workspaceId, input, true);
    if (preview.problems.length) {
      throw new AppError('validation_failed', `The list has ${preview.problems.length} problem${preview.problems.length === 1 ? '' : 's'}; fix the rows named and upload it again.`,
        preview.problems.map((pr) => ({ path: `audience.csv.rows.${pr.row}${pr.column ? `.${pr.column}` : ''}`, message: pr.message })));
    }
    if (!contacts.length) throw invalid([{ path: 'audience', message: 'No contact matches: the broadcast would reach nobody.' }]);
    const audience = input.audience.kind === 'filter' ? input.audience : { kind: 'csv', rows: preview.rowsRead };
    const bid = await insertBroadcast(trx, {
      workspace_id: p.workspaceId, name: input.name.trim(), channel_id: channel.id, survey_type: input.surveyType,
      audience: JSON.stringify(audience), start_at: startAt, created_by: p.userId,
    });
    await insertRecipients(trx, bid, contacts.map((c) => c.id));
    if (input.perMinute !== undefined) await setPace(trx, channel.id, { perMinute: input.perMinute });
    return bid;
  });
  return getBroadcastReport(db, p.workspaceId, id);
}

function toApi(b: BroadcastRow) {
  return {
    id: b.id, name: b.name, channelId: b.channel_id, surveyType: b.survey_type, audience: b.audience as Record<string, unknown>,
    startAt: b.start_at.toISOString(), status: b.status, createdBy: b.created_by, createdAt: b.created_at.toISOString(),
    finishedAt: b.finished_at?.toISOString() ?? null, cancelledAt: b.cancelled_at?.toISOString() ?? null,
  };
}

export async function listBroadcastReports(db: Db, workspaceId: string) {
  const rows = await listBroadcasts(db, workspaceId);
  return Promise.all(rows.map((b) => withReport(db, workspaceId, b)));
}

async function withReport(db: Db, workspaceId: string, b: BroadcastRow) {
  const facts = await broadcastFacts(db, b.id, b.survey_type);
  const { settings } = await getCurrentSettings(db, workspaceId);
  const pace = await getPace(db, b.channel_id);
  return { ...toApi(b), perMinute: pace?.per_minute ?? null, report: broadcastReport({ ...facts, surveyType: b.survey_type, csatThreshold: settings.csat.satisfiedThreshold }) };
}

export async function getBroadcastReport(db: Db, workspaceId: string, id: string) {
  const b = isUuid(id) ? await getBroadcast(db, workspaceId, id) : undefined;
  if (!b) throw notFound('Broadcast');
  return withReport(db, workspaceId, b);
}

/** Stops a scheduled or running broadcast: nothing more is queued, and surveys not yet sent are cancelled. */
export async function cancelBroadcast(db: Db, workspaceId: string, id: string) {
  await db.transaction().execute(async (trx) => {
    const b = isUuid(id) ? await getBroadcast(trx, workspaceId, id, true) : undefined;
    if (!b) throw notFound('Broadcast');
    if (b.status === 'done' || b.status === 'cancelled') throw new AppError('conflict', `The broadcast is already ${b.status === 'done' ? 'done' : 'cancelled'}.`);
    await cancelBroadcastWork(trx, b.id);
    await setBroadcastStatus(trx, b.id, 'cancelled');
  });
  return getBroadcastReport(db, workspaceId, id);
}
