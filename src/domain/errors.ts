/**
 * Error codes every API error carries (`{ error: { code, message, details } }`):
 * - `validation_failed` (422): the input is well-formed but breaks a rule; `details` lists each field.
 * - `bad_request` (400): the request cannot be read (malformed JSON, wrong content).
 * - `unauthorized` (401): no valid token or session.
 * - `forbidden` (403): authenticated, but the role may not do this.
 * - `not_found` (404): no such resource in this workspace (also for other workspaces' ids).
 * - `conflict` (409): the resource changed or is in use.
 * - `payload_too_large` (413), `unsupported_media_type` (415), `rate_limited` (429).
 * - `unavailable` (503): a dependency (the database) is down; retry.
 * - `internal` (500): a fault of nilai; details are logged, never sent.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found.`);
export const invalid = (details: ErrorDetail[], message = 'The request has invalid fields.') =>
  new AppError('validation_failed', message, details);
