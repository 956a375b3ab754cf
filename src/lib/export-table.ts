/**
 * Streams rows as CSV (csv-stringify, UTF-8 with BOM so spreadsheet programs read Indonesian text and
 * emoji right) or XLSX (exceljs' streaming writer, no shared strings), pulling rows as the client reads,
 * so a million-row export keeps memory flat.
 *
 * CSV cells are neutralised against formula injection (OWASP "CSV Injection", ASVS 1.2.10): a text cell
 * that begins with `=`, `+`, `-`, `@`, tab, carriage return or NUL gets a leading `'`, so a spreadsheet
 * shows it as text instead of running it (a customer's follow-up `=HYPERLINK(…)`). Only text is
 * touched: number columns are written as numbers, so a negative NPS stays `-12.5`, while a text cell
 * that merely looks like a negative number (a follow-up answer "-5") is prefixed like any other text.
 * XLSX needs none of this: every string is written as a string cell, which no spreadsheet evaluates.
 */
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';

export type ExportFormat = 'csv' | 'xlsx';
export type Column<T> = [header: string, value: (row: T) => string | number | boolean | null | undefined];

const FORMULA_START = /^[=+\-@\t\r\0]/;

/** A CSV cell that a spreadsheet will not read as a formula (numbers, booleans and empty cells as they are). */
export function csvCell(value: string | number | boolean | null): string | number | boolean {
  if (value === null) return '';
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

export const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function exportStream<T>(format: ExportFormat, columns: Column<T>[], rows: AsyncIterable<T>, sheetName: string): Readable {
  const out = new PassThrough();
  const cells = (r: T) => columns.map(([, get]) => get(r) ?? null);
  const run = async () => {
    if (format === 'csv') {
      // Booleans as words: csv-stringify writes false as an empty cell, which reads as "unknown".
      const csv = stringify({ header: true, bom: true, columns: columns.map(([h]) => h), cast: { boolean: (v) => (v ? 'true' : 'false') } });
      csv.pipe(out);
      for await (const r of rows) if (!csv.write(cells(r).map(csvCell))) await once(csv, 'drain');
      csv.end();
      return;
    }
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    const sheet = book.addWorksheet(sheetName);
    sheet.addRow(columns.map(([h]) => h)).commit();
    for await (const r of rows) {
      sheet.addRow(cells(r)).commit();
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    sheet.commit();
    await book.commit();
  };
  run().catch((err) => out.destroy(err as Error));
  return out;
}
