import type { FastifyReply } from 'fastify';
import { CONTENT_TYPE, exportStream, type Column, type ExportFormat } from '../lib/export-table.js';

/** Streams rows as a CSV or XLSX download (bypassing the route's JSON response schema). */
export function sendExport<T>(reply: FastifyReply, format: ExportFormat, filename: string, columns: Column<T>[], rows: AsyncIterable<T>, sheet: string) {
  return reply
    .type(CONTENT_TYPE[format])
    .header('content-disposition', `attachment; filename="${filename}.${format}"`)
    .send(exportStream(format, columns, rows, sheet));
}
