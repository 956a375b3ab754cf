/**
 * A Sheets integration's settings: which spreadsheet and sheet, the column mapping, and what a follow-up
 * answer does (`update` the answer's row, or `append` a new one). `checkSheetsConfig` reports every
 * problem at once, each with its field path.
 */
import type { ErrorDetail } from '../errors.js';
import { FIELD_KEY_PATTERN } from '../contacts/field-key.js';
import { spreadsheetIdOf } from './a1.js';
import { CONTACT_FIELD_PREFIX, SHEET_VARIABLES, type SheetColumn } from './columns.js';

export const FOLLOW_UP_MODES = ['update', 'append'] as const;
export type FollowUpMode = (typeof FOLLOW_UP_MODES)[number];

export interface SheetsConfig {
  spreadsheetId: string;
  sheetName: string;
  columns: SheetColumn[];
  followUp: FollowUpMode;
}

/** What an admin sends: `spreadsheet` may be the id or the sheet's address. */
export interface SheetsConfigInput {
  spreadsheet: string;
  sheetName: string;
  columns: SheetColumn[];
  followUp: FollowUpMode;
}

export const MAX_COLUMNS = 50;
export const MAX_TEXT = 500;
const known = new Set<string>(SHEET_VARIABLES);

/**
 * The config, or every problem (paths relative to `prefix`). `contactFieldKeys`: the workspace's contact
 * fields, or null to check only that a `contact.<key>` is a key's shape.
 */
export function checkSheetsConfig(input: SheetsConfigInput, contactFieldKeys: readonly string[] | null, prefix = 'config'): { config: SheetsConfig } | { problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const spreadsheetId = spreadsheetIdOf(input.spreadsheet);
  if (!spreadsheetId) problems.push({ path: `${prefix}.spreadsheet`, message: 'Must be the spreadsheet\'s address (https://docs.google.com/spreadsheets/d/…) or its id.' });
  const sheetName = input.sheetName.trim();
  // eslint-disable-next-line no-control-regex
  if (sheetName.length < 1 || sheetName.length > 100 || /[\u0000-\u001f]/.test(sheetName)) problems.push({ path: `${prefix}.sheetName`, message: 'Must be the name of a sheet (tab) of the spreadsheet, 1 to 100 characters.' });
  if (input.columns.length < 1 || input.columns.length > MAX_COLUMNS) problems.push({ path: `${prefix}.columns`, message: `Must have 1 to ${MAX_COLUMNS} columns.` });
  const fields = contactFieldKeys && new Set(contactFieldKeys);
  const keyShape = new RegExp(FIELD_KEY_PATTERN);
  input.columns.forEach((c, i) => {
    if ('text' in c) {
      if (c.text.length > MAX_TEXT) problems.push({ path: `${prefix}.columns.${i}.text`, message: `Must be at most ${MAX_TEXT} characters.` });
      return;
    }
    const v = c.variable;
    if (v.startsWith(CONTACT_FIELD_PREFIX)) {
      const key = v.slice(CONTACT_FIELD_PREFIX.length);
      if (!keyShape.test(key)) problems.push({ path: `${prefix}.columns.${i}.variable`, message: `"${key}" is not a contact field key (lower-case letters, digits and _).` });
      else if (fields && !fields.has(key)) problems.push({ path: `${prefix}.columns.${i}.variable`, message: `No contact field "${v.slice(CONTACT_FIELD_PREFIX.length)}" in this workspace (Settings → Contact fields).` });
    } else if (!known.has(v)) {
      problems.push({ path: `${prefix}.columns.${i}.variable`, message: `Unknown variable "${v}"; one of ${SHEET_VARIABLES.join(', ')} or contact.<field key>.` });
    }
  });
  if (!(FOLLOW_UP_MODES as readonly string[]).includes(input.followUp)) problems.push({ path: `${prefix}.followUp`, message: 'Must be "update" (the answer\'s row) or "append" (a new row).' });
  if (problems.length || !spreadsheetId) return { problems };
  return { config: { spreadsheetId, sheetName, columns: input.columns, followUp: input.followUp } };
}
