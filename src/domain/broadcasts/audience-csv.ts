/**
 * A broadcast's audience from an uploaded CSV: one contact a row (name, phone / email / telegram_id,
 * language, and any contact field keys). Every problem is reported with its row (as a spreadsheet
 * numbers it: the header is row 1), its column and a sentence; rows with a problem are left out, the
 * rest form the audience. Pure: the text is parsed here, the contacts are written by the service.
 */
import { parse } from 'csv-parse/sync';
import { checkValue, type Attributes, type ContactField } from '../contacts/fields.js';
import type { BroadcastChannelType } from './recipient.js';

export interface CsvRow {
  row: number;
  name: string | null;
  phone: string | null;
  email: string | null;
  telegramId: string | null;
  language: string | null;
  attributes: Attributes;
}

export interface CsvProblem {
  row: number;
  column: string | null;
  message: string;
}

export const MAX_CSV_ROWS = 20_000;
const KNOWN = ['name', 'phone', 'email', 'telegram_id', 'language'] as const;
type AddressColumn = 'phone' | 'email' | 'telegram_id';
const ALIASES: Record<string, (typeof KNOWN)[number]> = { nama: 'name', telepon: 'phone', whatsapp: 'phone', telegram: 'telegram_id', telegram_chat_id: 'telegram_id', bahasa: 'language', locale: 'language' };
const ADDRESS_COLUMN: Record<BroadcastChannelType, AddressColumn> = { whatsapp: 'phone', telegram: 'telegram_id', email: 'email' };

const header = (h: string) => {
  const k = h.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return ALIASES[k] ?? k;
};

/** E.164: a plus and 8–15 digits once spaces, dashes, dots and brackets are removed (a leading 0 read as Indonesia's +62). */
export function normalPhone(raw: string): string | null {
  let s = raw.replace(/[\s().-]/g, '');
  if (/^0\d{7,14}$/.test(s)) s = `+62${s.slice(1)}`;
  if (/^\d{8,15}$/.test(s)) s = `+${s}`;
  return /^\+[1-9]\d{7,14}$/.test(s) ? s : null;
}
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseAudienceCsv(text: string, fields: readonly ContactField[], channelType: BroadcastChannelType): { rows: CsvRow[]; problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true, delimiter: [',', ';'] }) as string[][];
  } catch (err) {
    const e = err as { lines?: number; message: string };
    return { rows: [], problems: [{ row: e.lines ?? 1, column: null, message: `The file is not valid CSV: ${e.message.replace(/^Invalid \w+: /, '')}` }] };
  }
  if (records.length === 0) return { rows: [], problems: [{ row: 1, column: null, message: 'The file is empty; the first row names the columns (name, phone, email, telegram_id, language, contact field keys).' }] };
  if (records.length - 1 > MAX_CSV_ROWS) return { rows: [], problems: [{ row: MAX_CSV_ROWS + 2, column: null, message: `A broadcast takes at most ${MAX_CSV_ROWS} rows; split the file.` }] };
  const names = records[0]!.map(header);
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (seen.has(n)) problems.push({ row: 1, column: records[0]![i]!, message: 'This column appears twice.' });
    seen.add(n);
    if (!(KNOWN as readonly string[]).includes(n) && !byKey.has(n)) problems.push({ row: 1, column: records[0]![i]!, message: `Not a column nilai knows: use name, phone, email, telegram_id, language or a contact field key (${fields.map((f) => f.key).join(', ') || 'none defined'}).` });
  });
  const address = ADDRESS_COLUMN[channelType];
  if (!names.includes(address)) problems.push({ row: 1, column: address, message: `A ${channelType} broadcast needs the column ${address}.` });
  if (problems.length) return { rows: [], problems };

  const rows: CsvRow[] = [];
  const firstRowOf = new Map<string, number>();
  records.slice(1).forEach((cells, i) => {
    const row = i + 2;
    const get = (k: string) => {
      const v = cells[names.indexOf(k)];
      return v === undefined || v === '' ? null : v;
    };
    const before = problems.length;
    const problem = (column: string, message: string) => problems.push({ row, column, message });
    if (cells.length > names.length) problem(records[0]![names.length - 1]!, `The row has ${cells.length} cells but the header names ${names.length} columns.`);
    const rawPhone = get('phone');
    const phone = rawPhone === null ? null : normalPhone(rawPhone);
    if (rawPhone !== null && phone === null) problem('phone', `"${rawPhone}" is not a phone number (international form, e.g. +62 812 3456 7890).`);
    const email = get('email')?.toLowerCase() ?? null;
    if (email !== null && !EMAIL.test(email)) problem('email', `"${email}" is not an email address.`);
    const telegramId = get('telegram_id');
    if (telegramId !== null && !/^-?\d{1,20}$/.test(telegramId)) problem('telegram_id', `"${telegramId}" is not a Telegram chat id (a number).`);
    const language = get('language');
    if (language !== null && !/^[a-z]{2}([-_][a-z]{2})?$/i.test(language)) problem('language', `"${language}" is not a language code (id, en, id-ID).`);
    const value = { phone, email, telegram_id: telegramId }[address];
    if (value === null && problems.length === before) problem(address, `Empty: a ${channelType} broadcast sends to this column.`);
    const attributes: Attributes = {};
    for (const f of fields) {
      const raw = get(f.key);
      if (raw === null) continue;
      const checked = checkValue(f, raw);
      if ('problem' in checked) problem(f.key, `"${raw}" ${checked.problem}.`);
      else attributes[f.key] = checked.value;
    }
    if (value) {
      const first = firstRowOf.get(value);
      if (first !== undefined) problem(address, `The same ${address} as row ${first}; each contact once.`);
      else firstRowOf.set(value, row);
    }
    if (problems.length === before) rows.push({ row, name: get('name'), phone, email, telegramId, language, attributes });
  });
  return { rows, problems };
}
