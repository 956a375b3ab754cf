/**
 * Google Sheets column mapping: each column of the row an answer becomes is either a literal text the admin
 * wrote or a variable of the answer. `renderRow` turns an answer into the row's cells, one per column.
 *
 * Cells from the answer never start a formula (`=`, `+`, `-`, `@`, as the CSV export's guard,
 * lib/export-table): nilai writes with valueInputOption USER_ENTERED, so Sheets reads numbers and dates as
 * such, and a customer's comment "=IMPORTXML(…)" would otherwise run. Such a text gets a leading `'`,
 * which Sheets shows as text and hides. A literal is written as the admin typed it (it may be a formula
 * on purpose, e.g. `=ROW()`).
 */
import { DateTime } from 'luxon';

/** Variables a column can show; `contact.<key>` names a contact field besides these. */
export const SHEET_VARIABLES = [
  'answered_at', 'answered_date', 'survey_type', 'score', 'scale_max', 'comment', 'follow_up_question', 'follow_up_skipped',
  'agent', 'agent_email', 'channel', 'channel_type', 'division', 'tags',
  'contact_id', 'contact_name', 'contact_phone', 'contact_email',
  'first_response_seconds', 'first_response_business_seconds', 'average_response_seconds',
  'resolution_seconds', 'resolution_business_seconds', 'sla_first_response_met', 'sla_resolution_met',
  'settings_version', 'language', 'source', 'conversation_id', 'response_id',
] as const;
export type SheetVariable = (typeof SHEET_VARIABLES)[number];

export const CONTACT_FIELD_PREFIX = 'contact.';

/** One column: `{ text }` written as is, or `{ variable }` filled from the answer. */
export type SheetColumn = { text: string } | { variable: SheetVariable | `contact.${string}` };

export type Cell = string | number | boolean;

/** An answer with what its columns can show, as the store reads it. */
export interface SheetAnswer {
  responseId: string;
  surveyType: 'csat' | 'ces' | 'nps';
  score: number;
  scaleMax: number;
  followUpQuestion: string | null;
  followUpText: string | null;
  followUpSkipped: boolean;
  language: string;
  settingsVersion: number;
  answeredAt: Date;
  source: string;
  conversationId: string | null;
  agent: { name: string; email: string } | null;
  channel: { name: string; type: string };
  division: { name: string } | null;
  tags: string[];
  contact: { id: string; name: string | null; phone: string | null; email: string | null; attributes: Record<string, string | number> } | null;
  /** The conversation's timings in whole seconds (wall and business); null for widget and link answers. */
  timings: {
    firstResponse: number | null; firstResponseBusiness: number | null; averageResponse: number | null;
    resolution: number | null; resolutionBusiness: number | null; slaFirstResponseMet: boolean | null; slaResolutionMet: boolean | null;
  } | null;
}

const FORMULA_START = /^[=+\-@\t\r\0]/;

/** A text cell Sheets will not read as a formula. */
export const guardText = (s: string): string => (FORMULA_START.test(s) ? `'${s}` : s);

const seconds = (s: number | null | undefined): number | '' => (s === null || s === undefined ? '' : s);
const flag = (b: boolean | null | undefined): Cell => (b === null || b === undefined ? '' : b);

function raw(a: SheetAnswer, variable: string, timeZone: string): Cell | null {
  const t = a.timings;
  switch (variable as SheetVariable) {
    // "2026-12-02 08:15:00": USER_ENTERED reads it as a date-time in the sheet's locale-independent ISO form.
    case 'answered_at': return DateTime.fromJSDate(a.answeredAt, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm:ss');
    case 'answered_date': return DateTime.fromJSDate(a.answeredAt, { zone: timeZone }).toFormat('yyyy-MM-dd');
    case 'survey_type': return a.surveyType.toUpperCase();
    case 'score': return a.score;
    case 'scale_max': return a.scaleMax;
    case 'comment': return a.followUpText;
    case 'follow_up_question': return a.followUpQuestion;
    case 'follow_up_skipped': return a.followUpSkipped;
    case 'agent': return a.agent?.name ?? null;
    case 'agent_email': return a.agent?.email ?? null;
    case 'channel': return a.channel.name;
    case 'channel_type': return a.channel.type;
    case 'division': return a.division?.name ?? null;
    case 'tags': return a.tags.join(', ');
    case 'contact_id': return a.contact?.id ?? null;
    case 'contact_name': return a.contact?.name ?? null;
    case 'contact_phone': return a.contact?.phone ?? null;
    case 'contact_email': return a.contact?.email ?? null;
    case 'first_response_seconds': return seconds(t?.firstResponse);
    case 'first_response_business_seconds': return seconds(t?.firstResponseBusiness);
    case 'average_response_seconds': return seconds(t?.averageResponse);
    case 'resolution_seconds': return seconds(t?.resolution);
    case 'resolution_business_seconds': return seconds(t?.resolutionBusiness);
    case 'sla_first_response_met': return flag(t?.slaFirstResponseMet);
    case 'sla_resolution_met': return flag(t?.slaResolutionMet);
    case 'settings_version': return a.settingsVersion;
    case 'language': return a.language;
    case 'source': return a.source;
    case 'conversation_id': return a.conversationId;
    case 'response_id': return a.responseId;
  }
  if (variable.startsWith(CONTACT_FIELD_PREFIX)) return a.contact?.attributes[variable.slice(CONTACT_FIELD_PREFIX.length)] ?? null;
  return null;
}

/** The row an answer becomes: one cell per column, in the mapping's order. */
export function renderRow(columns: readonly SheetColumn[], answer: SheetAnswer, timeZone: string): Cell[] {
  return columns.map((c) => {
    if ('text' in c) return c.text;
    const v = raw(answer, c.variable, timeZone);
    if (v === null) return '';
    return typeof v === 'string' ? guardText(v) : v;
  });
}
