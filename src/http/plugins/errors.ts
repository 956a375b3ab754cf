/** One error shape for every failure: `{ error: { code, message, details } }`; 5xx details stay in the log. */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { AppError, type ErrorCode, type ErrorDetail } from '../../domain/errors.js';
import { pgCode, UNIQUE_VIOLATION } from '../../store/pg-errors.js';
import { ajvDetails } from './validation.js';
import { requestLanguage } from '../request-language.js';
import type { Language } from '../../domain/settings/schema.js';

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

export function sendError(reply: FastifyReply, code: ErrorCode, message: string, details: ErrorDetail[] = []) {
  return reply.status(STATUS[code]).type('application/json; charset=utf-8').send({ error: { code, message, details } });
}

function classify(err: FastifyError, language: Language): { code: ErrorCode; message: string; details?: ErrorDetail[] } | null {
  if (err instanceof AppError) return { code: err.code, message: err.message, details: err.details };
  if (err.validation) {
    const details = ajvDetails(err.validation as never, err.validationContext, language);
    const message = language === 'id' ? `Ada ${details.length} kolom yang tidak valid.` : `The request has ${details.length} invalid field${details.length === 1 ? '' : 's'}.`;
    return { code: 'validation_failed', message, details };
  }
  if (pgCode(err) === UNIQUE_VIOLATION) return { code: 'conflict', message: 'This conflicts with an existing record.' };
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'payload_too_large', message: 'The request body is too large.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'unsupported_media_type', message: 'Send the body as application/json.' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'bad_request', message: 'The JSON body is empty.' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: 'bad_request', message: 'The body is not valid JSON.' };
  }
  if (err instanceof SyntaxError || err.statusCode === 400) return { code: 'bad_request', message: 'The request could not be read.' };
  if (err.statusCode === 413) return { code: 'payload_too_large', message: 'The request body is too large.' };
  if (err.statusCode === 415) return { code: 'unsupported_media_type', message: 'Send the body as application/json.' };
  if (err.statusCode === 429) return { code: 'rate_limited', message: 'Too many requests; try again later.' };
  return null;
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const known = classify(err, requestLanguage(request));
    if (known) {
      if (STATUS[known.code] >= 500) request.log.error({ err }, 'request failed');
      return sendError(reply, known.code, known.message, known.details);
    }
    request.log.error({ err }, 'unexpected error');
    return sendError(reply, 'internal', 'Something went wrong on our side. It has been logged; please try again.');
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, 'not_found', `No route for ${request.method} ${request.url.split('?')[0]}.`));
}
