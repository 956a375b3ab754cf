/**
 * "HTTP request to any CRM": method, URL, headers and body written by the admin in LiquidJS
 * (domain/integrations/liquid, sandboxed) with the answer's variables and the integration's secrets
 * (`{{ secrets.name }}`, stored encrypted). 2xx is delivered; network errors, timeouts, 408/409/425/429
 * and 5xx are retried (as outgoing webhooks: channels/http-status); other answers are final.
 * The URL must be http(s) (the outgoing-webhook policy, domain/channels/config isHttpUrl) and redirects
 * are not followed.
 */
import type { ErrorDetail } from '../../../domain/errors.js';
import { isHttpUrl } from '../../../domain/channels/config.js';
import { renderTemplate, templateProblem, TemplateRenderError } from '../../../domain/integrations/liquid.js';
import { classifyStatus, sendTimeoutMs } from '../../../channels/http-status.js';
import type { DeliveryContext, DeliveryOutcome, IntegrationKindDef, RequestExcerpt } from './types.js';

export const HTTP_METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface HttpConfig {
  method: HttpMethod;
  /** A template; must start with http:// or https://. */
  url: string;
  /** Header name → value template. */
  headers: Record<string, string>;
  /** A template (JSON, form or text; Content-Type defaults to application/json). Ignored for GET. */
  body: string;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
/** Headers fetch sets itself or that would confuse the receiver. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);
const MAX_HEADERS = 30;

export function validateHttpConfig(raw: Record<string, unknown>): { config: HttpConfig; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  // Left out: POST. Anything but a method's name (a number, null, an object) is refused, not read as POST.
  const method = raw.method === undefined ? 'POST' : typeof raw.method === 'string' ? raw.method.toUpperCase() : '';
  if (!(HTTP_METHODS as readonly string[]).includes(method)) problems.push({ path: 'config.method', message: `Must be one of ${HTTP_METHODS.join(', ')}.` });
  const url = typeof raw.url === 'string' ? raw.url.trim() : '';
  if (!/^https?:\/\//i.test(url)) problems.push({ path: 'config.url', message: 'Must be an http or https URL.' });
  else if (!/[{]/.test(url) && !isHttpUrl(url)) problems.push({ path: 'config.url', message: 'Must be an http or https URL.' });
  else {
    const p = templateProblem(url);
    if (p) problems.push({ path: 'config.url', message: p });
  }
  const headers: Record<string, string> = {};
  const rawHeaders = raw.headers === undefined ? {} : raw.headers;
  if (typeof rawHeaders !== 'object' || rawHeaders === null || Array.isArray(rawHeaders)) problems.push({ path: 'config.headers', message: 'Must be an object of header name → value.' });
  else {
    const entries = Object.entries(rawHeaders as Record<string, unknown>);
    if (entries.length > MAX_HEADERS) problems.push({ path: 'config.headers', message: `At most ${MAX_HEADERS} headers.` });
    for (const [name, value] of entries) {
      const path = `config.headers.${name}`;
      if (!HEADER_NAME.test(name)) problems.push({ path, message: 'Not a valid header name.' });
      else if (RESERVED_HEADERS.has(name.toLowerCase())) problems.push({ path, message: 'nilai sets this header itself.' });
      else if (typeof value !== 'string') problems.push({ path, message: 'Must be text.' });
      else {
        const p = templateProblem(value);
        if (p) problems.push({ path, message: p });
        else headers[name] = value;
      }
    }
  }
  const body = raw.body === undefined ? '' : raw.body;
  if (typeof body !== 'string') problems.push({ path: 'config.body', message: 'Must be text.' });
  else {
    const p = templateProblem(body);
    if (p) problems.push({ path: 'config.body', message: p });
  }
  for (const key of Object.keys(raw)) if (!['method', 'url', 'headers', 'body'].includes(key)) problems.push({ path: `config.${key}`, message: 'Unknown setting.' });
  return { config: { method: method as HttpMethod, url, headers, body: typeof body === 'string' ? body : '' }, problems };
}

const excerpt = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The request the templates give for these variables (TemplateRenderError naming the field when one fails). */
export async function renderHttpRequest(config: HttpConfig, vars: object): Promise<{ method: HttpMethod; url: string; headers: Record<string, string>; body: string | null }> {
  const at = async (field: string, template: string) => {
    try {
      return await renderTemplate(template, vars);
    } catch (err) {
      throw new TemplateRenderError(`${field}: ${(err as Error).message}`);
    }
  };
  const url = (await at('url', config.url)).trim();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.headers)) headers[name] = (await at(`headers.${name}`, value)).replace(/[\r\n]+/g, ' ').trim();
  const body = config.method === 'GET' ? null : await at('body', config.body);
  if (body && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  return { method: config.method, url, headers, body };
}

async function deliverHttp(ctx: DeliveryContext<HttpConfig>): Promise<DeliveryOutcome> {
  let req: Awaited<ReturnType<typeof renderHttpRequest>>;
  try {
    req = await renderHttpRequest(ctx.integration.config, { ...ctx.variables, secrets: ctx.integration.secrets });
  } catch (err) {
    return { outcome: 'failed', error: (err as Error).message, request: null, response: null };
  }
  const request: RequestExcerpt = { method: req.method, url: req.url, headers: req.headers, body: excerpt(req.body ?? '', 4000) };
  if (!isHttpUrl(req.url)) return { outcome: 'failed', error: `The rendered URL is not an http or https URL: ${excerpt(req.url, 200)}`, request, response: null };
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers: { 'user-agent': 'nilai', 'idempotency-key': ctx.deliveryId, ...req.headers },
      body: req.body ?? undefined,
      signal: AbortSignal.timeout(sendTimeoutMs()),
      redirect: 'manual',
    });
  } catch (err) {
    const e = err as Error;
    const why = e.name === 'TimeoutError' ? `no answer within ${sendTimeoutMs() / 1000} s` : (e.cause as Error | undefined)?.message ?? e.message;
    return { outcome: 'retry', error: `Unreachable: ${why}`, request, response: null };
  }
  const text = await res.text().catch(() => '');
  const response = { status: res.status, body: excerpt(text, 2000) };
  const kind = classifyStatus(res.status);
  if (kind === 'ok') return { outcome: 'delivered', request, response };
  const error = `HTTP ${res.status}${text ? `: ${excerpt(text.replace(/\s+/g, ' '), 200)}` : ''}`;
  return { outcome: kind === 'retry' ? 'retry' : 'failed', error, request, response };
}

export const httpKind: IntegrationKindDef<HttpConfig> = {
  kind: 'http',
  validate: (config) => validateHttpConfig(config),
  deliver: deliverHttp,
};
