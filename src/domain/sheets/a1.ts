/** A1 notation for the Sheets API: a sheet's name quoted, a row's range, and the row an append wrote. */

/** `'Sheet name'!` quoting: the name in single quotes, a quote in it doubled (Sheets' A1 rules). */
export const quoteSheet = (name: string): string => `'${name.replace(/'/g, "''")}'`;

/** Column letters of a 1-based column number: 1 → A, 26 → Z, 27 → AA. */
export function columnLetters(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** Where appends go: the sheet's table starting at A1 (Sheets finds the table's end itself). */
export const appendRange = (sheetName: string): string => `${quoteSheet(sheetName)}!A1`;

/** One row's cells, A to the mapping's last column. */
export const rowRange = (sheetName: string, row: number, width: number): string => `${quoteSheet(sheetName)}!A${row}:${columnLetters(Math.max(1, width))}${row}`;

/**
 * The first row of an `updatedRange` the API returned ("'Answers'!A5:F5", "Sheet1!A5:F5", "Sheet1!A5"),
 * or null when it names no row.
 */
export function rowOfRange(range: string): number | null {
  const cells = range.slice(range.lastIndexOf('!') + 1);
  const m = /^\$?[A-Za-z]{1,3}\$?(\d{1,7})\b/.exec(cells);
  return m ? Number(m[1]) : null;
}

/**
 * The spreadsheet id from what an admin pastes: the id itself, or the sheet's address
 * (https://docs.google.com/spreadsheets/d/<id>/edit#gid=0). Null when neither.
 */
export function spreadsheetIdOf(input: string): string | null {
  const s = input.trim();
  const fromUrl = /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/.exec(s)?.[1];
  const id = fromUrl ?? s;
  return /^[A-Za-z0-9_-]{10,100}$/.test(id) ? id : null;
}
