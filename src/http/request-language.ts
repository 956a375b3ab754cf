/** The language a client reads (Accept-Language: id or en; Indonesian also as its old code "in"). */
import type { FastifyRequest } from 'fastify';
import type { Language } from '../domain/settings/schema.js';

export function requestLanguage(req: Pick<FastifyRequest, 'headers'>): Language {
  const first = String(req.headers['accept-language'] ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('id') || first.startsWith('in') ? 'id' : 'en';
}
