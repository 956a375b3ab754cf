/**
 * One error shape for every failure: `{ error: { code, message, details } }`; 5xx details stay in the log.
 * Also the failures Fastify and Node answer before a route runs (a bad URL encoding, an oversized path
 * parameter, malformed HTTP), and HTML pages instead of JSON where a person reads the answer (`ErrorPages`).
 */
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { AppError, type ErrorCode, type ErrorDetail } from '../../domain/errors.js';
import { pgCode, TRANSIENT, UNIQUE_VIOLATION } from '../../store/pg-errors.js';
import { ajvDetails } from './validation.js';
import { requestLanguage } from '../request-language.js';
import type { Language } from '../../domain/settings/schema.js';
import { ErrorResponse } from '../schemas.js';

export const STATUS: Record<ErrorCode, number> = {
  validation_failed: 422,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** Paths whose errors are HTML pages (the hosted survey page), with the page for a status. */
export interface ErrorPages {
  matches(url: string): boolean;
  render(url: string, headers: FastifyRequest['headers'], status: number): string;
  headers: Record<string, string>;
}

export function sendError(reply: FastifyReply, code: ErrorCode, message: string, details: ErrorDetail[] = []) {
  return reply.status(STATUS[code]).type('application/json; charset=utf-8').send({ error: { code, message, details } });
}

interface Classified {
  code: ErrorCode;
  message: string;
  details?: ErrorDetail[];
}

function classify(err: FastifyError, language: Language): Classified | null {
  if (err instanceof AppError) return { code: err.code, message: err.message, details: err.details };
  if (err.validation) {
    const details = ajvDetails(err.validation as never, err.validationContext, language);
    const message = language === 'id' ? `Ada ${details.length} kolom yang tidak valid.` : `The request has ${details.length} invalid field${details.length === 1 ? '' : 's'}.`;
    return { code: 'validation_failed', message, details };
  }
  if (pgCode(err) === UNIQUE_VIOLATION) return { code: 'conflict', message: 'This conflicts with an existing record.' };
  // Nothing was stored (the transaction rolled back); a retry normally succeeds.
  if (TRANSIENT.has(pgCode(err) ?? '')) return { code: 'unavailable', message: 'A concurrent change got in the way and nothing was stored; send the request again.' };
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'payload_too_large', message: 'The request body is too large.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'unsupported_media_type', message: 'Send the body as application/json.' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'bad_request', message: 'The JSON body is empty.' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: 'bad_request', message: 'The body is not valid JSON.' };
    case 'FST_ERR_BAD_URL':
      return { code: 'bad_request', message: 'The URL is not valid: a %-escape in it is malformed or is not UTF-8.' };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { code: 'not_found', message: 'Nothing is found at this URL: a part of it is longer than any id.' };
  }
  if (err instanceof SyntaxError || err.statusCode === 400) return { code: 'bad_request', message: 'The request could not be read.' };
  if (err.statusCode === 413) return { code: 'payload_too_large', message: 'The request body is too large.' };
  if (err.statusCode === 415) return { code: 'unsupported_media_type', message: 'Send the body as application/json.' };
  if (err.statusCode === 429) return { code: 'rate_limited', message: 'Too many requests; try again later.' };
  return null;
}

/** On a page, a path parameter that fails its checks (a mangled survey link) means there is no such page. */
const aboutPathParams = (err: FastifyError, c: Classified) =>
  err.validationContext === 'params' || (c.code === 'validation_failed' && !!c.details?.length && c.details.every((d) => d.path.startsWith('params.')));

function respond(pages: ErrorPages[], request: FastifyRequest, reply: FastifyReply, c: Classified) {
  const page = pages.find((p) => p.matches(request.url));
  if (!page) return sendError(reply, c.code, c.message, c.details);
  const status = STATUS[c.code];
  return reply.status(status).headers(page.headers).type('text/html; charset=utf-8').send(page.render(request.url, request.headers, status));
}

/** The body limit of the route (or the server's), in words: "1 MiB", "16 KiB". */
function bodyLimitOf(request: FastifyRequest): string | null {
  const bytes = request.routeOptions?.bodyLimit;
  if (typeof bytes !== 'number' || !(bytes > 0)) return null;
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

function handle(pages: ErrorPages[], err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const classified = classify(err, requestLanguage(request));
  const limit = classified?.code === 'payload_too_large' && !classified.details?.length ? bodyLimitOf(request) : null;
  const known = limit && classified ? { ...classified, message: `The request body is larger than the ${limit} this endpoint accepts.` } : classified;
  if (!known) {
    request.log.error({ err }, 'unexpected error');
    return respond(pages, request, reply, { code: 'internal', message: 'Something went wrong on our side. It has been logged; please try again.' });
  }
  if (STATUS[known.code] >= 500) request.log.error({ err }, 'request failed');
  const page = pages.some((p) => p.matches(request.url));
  return respond(pages, request, reply, page && aboutPathParams(err, known) ? { code: 'not_found', message: known.message } : known);
}

/** Fastify's `frameworkErrors`: failures found while routing (bad %-encoding, an oversized parameter). */
export const frameworkErrorHandler = (pages: ErrorPages[]) => (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
  handle(pages, err, request, reply);
};

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'The request headers are too large.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request took too long to arrive.'],
};

/** Fastify's `clientErrorHandler`: HTTP Node cannot parse, answered in the same shape (or page). */
export const clientErrorHandler = (pages: ErrorPages[]) => (err: ConnectionError, socket: Socket) => {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, message] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'Bad Request', 'The request is not valid HTTP.'];
  const raw: unknown = err.rawPacket;
  const url = Buffer.isBuffer(raw) ? raw.toString('latin1').split('\r\n', 1)[0]?.split(' ')[1] ?? '' : '';
  const page = pages.find((p) => p.matches(url));
  const [type, body] = page
    ? ['text/html; charset=utf-8', page.render(url, {}, status)]
    : ['application/json; charset=utf-8', JSON.stringify({ error: { code: status === 431 ? 'payload_too_large' : 'bad_request', message, details: [] } })];
  if (socket.writable) {
    const extra = page ? Object.entries(page.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('') : '';
    socket.write(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`);
  }
  socket.destroy();
};

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Adds to each documented route the error statuses the shared machinery can answer, so the OpenAPI
 * document lists every status: 400 (bad URL, unknown query parameter, malformed JSON), 401/403 (the
 * auth hook), 404 (unknown ids in the path), 413/415 (bodies), 422 (fields that fail their schema or
 * carry NUL / unpaired surrogates). Route-specific ones (409, 429, …) stay in the route.
 */
function documentErrors(route: RouteOptions) {
  const schema = route.schema as { hide?: boolean; params?: unknown; querystring?: unknown; body?: unknown; response?: Record<string, unknown> } | undefined;
  if (!schema || schema.hide) return;
  const methods = [route.method].flat();
  const api = route.url.startsWith('/api/');
  const auth = (route.config as { auth?: string } | undefined)?.auth ?? 'admin';
  const statuses = [
    400,
    ...(api && auth !== 'public' ? [401] : []),
    ...(api && auth !== 'public' && auth !== 'agent' ? [403] : []),
    ...(schema.params ? [404] : []),
    ...(methods.some((m) => BODY_METHODS.has(m)) ? [413, 415] : []),
    ...(schema.params || schema.querystring || schema.body ? [422] : []),
  ];
  schema.response = { ...Object.fromEntries(statuses.map((s) => [s, ErrorResponse])), ...schema.response };
}

export function installErrorHandling(app: FastifyInstance, pages: ErrorPages[]): void {
  app.addHook('onRoute', documentErrors);
  app.setErrorHandler((err: FastifyError, request, reply) => handle(pages, err, request, reply));
  app.setNotFoundHandler((request, reply) =>
    respond(pages, request, reply, { code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}.` }));
}
