/**
 * Checks every request gets before its schema: JSON bodies nested deeper than any nilai document (400),
 * query parameters a documented route does not know (400: a misspelt filter must not return unfiltered
 * data), and NUL characters or unpaired surrogates in the path parameters, query or body (422 naming the
 * field; PostgreSQL cannot store them). Pages (routes hidden from the OpenAPI document: the survey page,
 * the admin app) leave their query alone: mail and chat apps append their own (utm_*, fbclid), and a
 * page reads its query without storing it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, invalid } from '../../domain/errors.js';
import { findTextFlaw, MAX_JSON_DEPTH, printable, scanJson } from '../../lib/json-guard.js';
import { requestLanguage } from '../request-language.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route checks its parsed body itself (provider webhooks acknowledge and drop what cannot be kept). */
    checksOwnBody?: boolean;
  }
}

const WORDS = {
  en: {
    unknown: (n: number) => `The query has ${n === 1 ? 'a parameter' : `${n} parameters`} this endpoint does not know.`,
    unknownField: 'is not a known parameter',
    flaw: 'must not contain NUL characters or unpaired UTF-16 surrogates',
    flawMessage: 'Text in the request contains NUL characters or unpaired UTF-16 surrogates, which cannot be stored.',
    deep: `The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep.`,
  },
  id: {
    unknown: (n: number) => `Ada ${n} parameter query yang tidak dikenal oleh endpoint ini.`,
    unknownField: 'bukan parameter yang dikenal',
    flaw: 'tidak boleh berisi karakter NUL atau surrogate UTF-16 yang tidak berpasangan',
    flawMessage: 'Teks dalam permintaan berisi karakter NUL atau surrogate UTF-16 yang tidak berpasangan, yang tidak dapat disimpan.',
    deep: `Body JSON bersarang lebih dari ${MAX_JSON_DEPTH} tingkat.`,
  },
};

const flawed = (req: FastifyRequest, path: string) => {
  const words = WORDS[requestLanguage(req)];
  return invalid([{ path: path || '(root)', message: words.flaw }], words.flawMessage);
};

export function installInputGuard(app: FastifyInstance): void {
  // JSON (and RFC 7396 merge-patch JSON) parsed as usual, then scanned once for depth and text flaws.
  // An empty body is no body.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const scanned = new WeakSet<FastifyRequest>();
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(['application/json', 'application/merge-patch+json'], { parseAs: 'string' }, (req, body, done) => {
    if (body === '') return done(null, undefined);
    parseJson(req, body as string, (err, value) => {
      if (err) return done(err, undefined);
      const problem = scanJson(value);
      if (problem === 'too_deep') return done(new AppError('bad_request', WORDS[requestLanguage(req)].deep), undefined);
      if (problem === 'text') return done(flawed(req, findTextFlaw(value)?.path ?? ''), undefined);
      scanned.add(req);
      done(null, value);
    });
  });

  // Synchronous (a callback hook): no promise per request.
  app.addHook('preValidation', (req, _reply, done) => {
    try {
      guard(req);
    } catch (err) {
      return done(err as Error);
    }
    done();
  });
  const guard = (req: FastifyRequest) => {
    if (!req.routeOptions.url) return; // no route: the 404 handler answers
    const schema = req.routeOptions.schema as { hide?: boolean; querystring?: { properties?: Record<string, unknown> } } | undefined;
    const page = schema?.hide === true;
    if (!page) {
      const known = schema?.querystring?.properties ?? {};
      const unknown = Object.keys(req.query ?? {}).filter((k) => !Object.hasOwn(known, k));
      if (unknown.length) {
        const words = WORDS[requestLanguage(req)];
        throw new AppError('bad_request', words.unknown(unknown.length), unknown.map((k) => ({ path: `query.${printable(k)}`, message: words.unknownField })));
      }
    }
    const bodyChecked = scanned.has(req) || req.routeOptions.config.checksOwnBody;
    const flaw = findTextFlaw(req.params, 'params') ?? (page ? null : findTextFlaw(req.query, 'query')) ?? (bodyChecked ? null : findTextFlaw(req.body));
    if (flaw) throw flawed(req, flaw.path);
  };
}
