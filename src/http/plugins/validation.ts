/**
 * Request validation: bodies are checked strictly (no type coercion, unknown fields rejected, every
 * error reported); query strings and params coerce "10" to 10 as URLs need.
 */
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import type { ErrorDetail } from '../../domain/errors.js';
import type { Language } from '../../domain/settings/schema.js';

function makeAjv(coerce: boolean) {
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, useDefaults: true, coerceTypes: coerce ? 'array' : false, strict: false });
  addFormats.default(ajv);
  return ajv;
}

const strict = makeAjv(false);

/**
 * Checks a value against a schema the way request bodies are checked; returns the problems (with
 * `sentences`, each worded as a sentence that names its field, like the settings rules).
 */
export function checkAgainst(schema: object, value: unknown, language: Language = 'en', sentences = false): ErrorDetail[] {
  const validate = strict.compile(schema);
  if (validate(value)) return [];
  const details = ajvDetails(validate.errors ?? [], 'body', language);
  return sentences ? details.map((d) => ({ path: d.path, message: asSentence(d, language) })) : details;
}

/** "sending.delayMinutes" + "must be <= 1440" → "The field sending.delayMinutes must be at most 1440." */
function asSentence(d: ErrorDetail, language: Language): string {
  const message = d.message.replace(/^must be <= (\S+)$/, 'must be at most $1').replace(/^must be >= (\S+)$/, 'must be at least $1')
    .replace(/^must NOT have more than (\d+) characters$/, 'must be at most $1 characters').replace(/^must NOT have fewer than (\d+) characters$/, 'must be at least $1 characters')
    .replace(/^must NOT have more than (\d+) items$/, 'must have at most $1 items').replace(/^must NOT have fewer than (\d+) items$/, 'must have at least $1 items')
    .replace(/^must be (boolean|integer|string|number|object|array)$/, (_m, t: string) => `must be ${t === 'integer' ? 'a whole number' : t === 'boolean' ? 'true or false' : t === 'string' ? 'a text' : `a${t.startsWith('a') || t.startsWith('o') ? 'n' : ''} ${t}`}`);
  if (message === 'is not a known field') return `There is no field ${d.path}; remove it.`;
  if (message === 'bukan kolom yang dikenal') return `Tidak ada kolom ${d.path}; hapus kolom itu.`;
  return language === 'id' ? `Kolom ${d.path} ${message}.` : `The field ${d.path} ${message}.`;
}

export function installValidation(app: FastifyInstance): void {
  const coercing = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));
}

const dotted = (pointer: string) => pointer.split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
const join = (a: string, b: string) => (a ? `${a}.${b}` : b);

/** The common rule messages in Indonesian (the rest keep ajv's English). */
function indonesian(e: ErrorObject): string | null {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return 'wajib diisi';
    case 'additionalProperties': return 'bukan kolom yang dikenal';
    case 'type': return p.type === 'integer' ? 'harus bilangan bulat' : p.type === 'number' ? 'harus angka' : p.type === 'string' ? 'harus teks' : p.type === 'boolean' ? 'harus true atau false' : `harus bertipe ${String(p.type)}`;
    case 'minimum': return `minimal ${String(p.limit)}`;
    case 'maximum': return `maksimal ${String(p.limit)}`;
    case 'minLength': return `minimal ${String(p.limit)} karakter`;
    case 'maxLength': return `maksimal ${String(p.limit)} karakter`;
    case 'minItems': return `minimal ${String(p.limit)} item`;
    case 'maxItems': return `maksimal ${String(p.limit)} item`;
    case 'enum': return `harus salah satu dari: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'format': return `harus ${String(p.format)} yang valid`;
    case 'pattern': return 'formatnya tidak sesuai';
    default: return null;
  }
}

/** Ajv errors → `{ path, message }` with dotted paths and messages a person can act on. */
export function ajvDetails(errors: ErrorObject[], context: string | undefined, language: Language = 'en'): ErrorDetail[] {
  const prefix = context && context !== 'body' ? (context === 'querystring' ? 'query' : context) : '';
  const seen = new Set<string>();
  const out: ErrorDetail[] = [];
  for (const e of errors) {
    let path = dotted(e.instancePath);
    let message = e.message ?? 'is invalid';
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'required') {
      path = join(path, String(params.missingProperty));
      message = 'is required';
    } else if (e.keyword === 'additionalProperties') {
      path = join(path, String(params.additionalProperty));
      message = 'is not a known field';
    } else if (e.keyword === 'enum') {
      message = `must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (e.keyword === 'format') {
      message = `must be a valid ${String(params.format)}`;
    }
    if (language === 'id') message = indonesian(e) ?? message;
    const full = prefix ? join(prefix, path) : path;
    // One message per field: the first rule it breaks is the one to fix first.
    if (seen.has(full)) continue;
    seen.add(full);
    out.push({ path: full || '(root)', message });
  }
  return out;
}
