/**
 * Finishes the generated OpenAPI document (the swagger plugin's `transformObject`): an example on every
 * request body, success answer and error status; the CSV and XLSX forms of the export operations; and the
 * customer-facing pages (hosted survey, links, widget script, badge), which answer HTML and so have no
 * JSON route schema. Pure: document in, document out.
 */
import { SUMMARY_COLUMNS } from '../../services/report-columns.js';
import { RESPONSE_COLUMNS } from '../routes/responses.js';
import { exampleValue, singular } from './example-value.js';
import { REQUEST_EXAMPLES } from './request-examples.js';

type Doc = Record<string, any>;

const ERROR_EXAMPLES: Record<string, { code: string; message: string; details?: { path: string; message: string }[] }> = {
  400: { code: 'bad_request', message: 'The body is not valid JSON.' },
  401: { code: 'unauthorized', message: 'Send Authorization: Bearer <token> or sign in.' },
  403: { code: 'forbidden', message: 'Only an admin may change this.' },
  404: { code: 'not_found', message: 'Channel not found.' },
  409: { code: 'conflict', message: 'This conflicts with an existing record.' },
  410: { code: 'gone', message: 'This survey has expired.' },
  413: { code: 'payload_too_large', message: 'The request body is too large.' },
  415: { code: 'unsupported_media_type', message: 'Send the body as application/json.' },
  422: { code: 'validation_failed', message: 'The request has invalid fields.', details: [{ path: 'csat.question.id', message: 'Must be at most 500 characters.' }] },
  429: { code: 'rate_limited', message: 'Too many requests; try again later.' },
  503: { code: 'unavailable', message: 'The database is unreachable.' },
};

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Operations that stream a file with `format=csv|xlsx` (or the matching Accept header): their columns. */
const EXPORTS: Record<string, string[]> = {
  'GET /api/v1/responses': [...RESPONSE_COLUMNS.map(([name]) => name), 'contact.<field key> (one per visible contact field)'],
  'GET /api/v1/reports/summary': SUMMARY_COLUMNS.map(([name]) => name),
};

const html = (description: string) => ({ description, content: { 'text/html': { schema: { type: 'string' }, example: '<!doctype html><html lang="id">…</html>' } } });
const tokenParam = { name: 'token', in: 'path', required: true, schema: { type: 'string' }, description: "The survey link's token (base64url)." };
const pageTag = 'Customer pages';
const pageQuery = [
  { name: 'lang', in: 'query', schema: { type: 'string', enum: ['id', 'en'] }, description: 'The page\'s language (otherwise the customer\'s).' },
  { name: 'score', in: 'query', schema: { type: 'integer' }, description: 'A rating chosen in the message (email buttons), preselected on the page.' },
];
const form = (description: string) => ({
  required: true,
  content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { step: { type: 'string' }, score: { type: 'integer' }, text: { type: 'string' } } }, example: { step: 'rating:csat', score: 5 } } },
  description,
});

/** The customer-facing HTML pages. They are fuzzed as pages (test/http/fuzz.test.ts), not as API operations. */
const CUSTOMER_PAGES: Doc = {
  '/s/{token}': {
    get: { tags: [pageTag], summary: 'The hosted survey page', description: 'Shows the next step of the survey (rating, follow-up, thank-you). Any error is a page in the customer\'s language: an unknown or malformed token, an expired link (410) or an answered survey.', security: [], parameters: [tokenParam, ...pageQuery], responses: { 200: html('The survey step.'), 404: html('No survey for this link.'), 410: html('The link has expired or the survey is already answered.') } },
    post: { tags: [pageTag], summary: 'Answer a survey step', description: 'The page\'s form posts here and is redirected to the next step (no JavaScript needed).', security: [], parameters: [tokenParam], requestBody: form('One step\'s answer.'), responses: { 303: { description: 'To the next step (or back to the page when the link is unknown or has expired).' }, 413: html('The answer is too long.'), 415: html('Not a form.'), 422: html('The step again, with the problem in words.') } },
  },
  '/s/{token}/unsubscribe': {
    get: { tags: [pageTag], summary: 'Opt out of surveys: the confirmation page', security: [], parameters: [tokenParam], responses: { 200: html('Asks to confirm.'), 404: html('No survey for this link.') } },
    post: { tags: [pageTag], summary: 'Opt out of surveys', security: [], parameters: [tokenParam], responses: { 200: html('Confirms the opt-out.'), 404: html('No survey for this link.') } },
  },
  '/l/{channelId}': {
    get: { tags: [pageTag], summary: 'A shareable survey link (one survey per browser)', security: [], parameters: [{ name: 'channelId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { 303: { description: 'To this browser\'s survey page.' }, 404: html('No link channel with this id.'), 429: html('Too many opens from this address.') } },
  },
  '/widget/v1.js': {
    get: { tags: [pageTag], summary: 'The website widget script', description: 'Embed with `<script src=".../widget/v1.js" data-key="…" async></script>`; see docs/widget.md.', security: [], responses: { 200: { description: 'The script.', content: { 'text/javascript': { schema: { type: 'string' } } } } } },
  },
  '/badge/{key}': {
    get: { tags: [pageTag], summary: 'The public score badge (SVG)', security: [], parameters: [{ name: 'key', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'The badge.', content: { 'image/svg+xml': { schema: { type: 'string' } } } }, 404: { description: 'No badge with this key, or it is off.' } } },
  },
};

function jsonMedia(holder: Doc | undefined): Doc | undefined {
  return holder?.content?.['application/json'];
}

/** The resource an operation is about, for wording its examples: `/api/v1/channels/{id}` → `channel`. */
const resourceOf = (path: string) => singular(path.split('/').filter((p) => p && !p.startsWith('{')).at(-1) ?? '');

function completeOperation(key: string, op: Doc) {
  const resource = resourceOf(key.split(' ')[1]!);
  const body = jsonMedia(op.requestBody);
  if (body && body.example === undefined && body.examples === undefined) {
    body.example = key in REQUEST_EXAMPLES ? REQUEST_EXAMPLES[key] : exampleValue(body.schema, resource, 0, resource);
  }
  for (const [status, response] of Object.entries<Doc>(op.responses ?? {})) {
    const media = jsonMedia(response);
    if (!media || media.example !== undefined || media.examples !== undefined) continue;
    const error = ERROR_EXAMPLES[status];
    if (error) media.example = { error: { details: [], ...error } };
    else if (/^2/.test(status) && media.schema?.type !== 'null') media.example = exampleValue(media.schema, resource, 0, resource);
  }
  const columns = EXPORTS[key];
  const ok = op.responses?.['200'];
  if (columns && ok?.content) {
    ok.content['text/csv'] = { schema: { type: 'string' }, example: `\uFEFF${columns.filter((c) => !c.includes(' ')).join(',')}\r\n…` };
    ok.content[XLSX] = { schema: { type: 'string', format: 'binary' } };
    ok.description = `${ok.description ?? 'OK'}. With \`format=csv\` (UTF-8 with BOM) or \`format=xlsx\`, or the matching Accept header, a file with the columns: ${columns.map((c) => `\`${c}\``).join(', ')}.`;
  }
}

export function completeDocument(doc: Doc): Doc {
  for (const [path, ops] of Object.entries<Doc>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<Doc>(ops)) completeOperation(`${method.toUpperCase()} ${path}`, op);
  }
  doc.paths = { ...doc.paths, ...CUSTOMER_PAGES };
  doc.tags = [...(doc.tags ?? []), { name: pageTag, description: 'What customers open: HTML pages and the widget script, not JSON.' }];
  return doc;
}
