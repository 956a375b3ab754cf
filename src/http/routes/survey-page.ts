/**
 * The hosted survey page: `GET /s/:token` shows the next step, `POST /s/:token` records an answer and
 * redirects back (POST-redirect-GET), so it works without JavaScript and a reload never resubmits.
 */
import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorPages } from '../plugins/errors.js';
import { PAGE_TEXT } from '../../domain/render/page-text.js';
import { renderProblemPage, renderStepPage, renderThankYouPage, renderUnsubscribedPage, renderUnsubscribePage, type PageFrame } from '../../domain/render/survey-page.js';
import { pickLanguage } from '../../domain/render/survey-steps.js';
import { defaultSurveySettings } from '../../domain/settings/defaults.js';
import { answerFollowUp, answerRating, loadSurvey, unsubscribeByToken, type SurveyState } from '../../services/survey-session.js';

// Tokens are base64url; anything else (CR/LF, %-escapes) is an unknown link, never echoed into a header.
const Params = Type.Object({ token: Type.String({ maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) });
const Query = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 5 })),
  score: Type.Optional(Type.String({ maxLength: 3 })),
  done: Type.Optional(Type.String({ maxLength: 1 })),
});
const Form = Type.Object({
  step: Type.String({ maxLength: 40 }),
  score: Type.Optional(Type.String({ maxLength: 3 })),
  text: Type.Optional(Type.String({ maxLength: 4000 })),
  action: Type.Optional(Type.String({ maxLength: 10 })),
});

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/**
 * Step pages rendered once per settings version (kept in memory, never changed), language and step:
 * the page differs between invitations only by the token in its links, filled into the cached parts.
 */
class PageCache {
  private readonly bySettings = new WeakMap<object, Map<string, Buffer[]>>();
  private static readonly HOLE = 'TOKEN0hole0TOKEN0hole0';

  /** The page as bytes: the cached parts are UTF-8 already, so a view encodes only its token. */
  get(settings: object, key: string, token: string, render: (token: string) => string): Buffer {
    let pages = this.bySettings.get(settings);
    if (!pages) this.bySettings.set(settings, (pages = new Map()));
    let parts = pages.get(key);
    if (!parts) {
      parts = render(PageCache.HOLE).split(PageCache.HOLE).map((p) => Buffer.from(p));
      if (pages.size >= 500) pages.delete(pages.keys().next().value!);
      pages.set(key, parts);
    }
    const hole = Buffer.from(token, 'latin1');
    const out = Buffer.allocUnsafe(parts.reduce((n, p) => n + p.length, 0) + hole.length * (parts.length - 1));
    let at = 0;
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) at += hole.copy(out, at);
      at += parts[i]!.copy(out, at);
    }
    return out;
  }
}

/** Errors under /s/ and /l/ (bad links, broken or oversized forms) are pages in the browser's language, not JSON. */
export const surveyErrorPages: ErrorPages = {
  matches: (url) => /^\/[sl](?:[/?]|$)/.test(url),
  headers: SECURITY_HEADERS,
  render(url, headers, status) {
    const hint = new URLSearchParams(url.split('?')[1] ?? '').get('lang') ?? headers['accept-language'];
    const lang = pickLanguage(defaultSurveySettings(), hint);
    return renderProblemPage({ lang, languages: [], selfPath: '', title: 'nilai' }, status === 404 ? 'not_found' : 'unreadable');
  },
};

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;
  const stepPages = new PageCache();
  // A follow-up of 2,000 characters (the textarea's maxlength) is up to 18,000 bytes form-encoded (3-byte
  // characters, each %XX%XX%XX); with the other fields, 32 KiB holds it.
  await app.register(formbody, { bodyLimit: 32 * 1024 });
  // The page's headers on every answer under /s/ (pages and redirects), set by the reply helpers below
  // rather than an onSend hook: one less hook per view.
  const secured = (reply: FastifyReply) => reply.headers(SECURITY_HEADERS);

  const frameFor = (token: string, s: Exclude<SurveyState, { problem: 'not_found' }>): PageFrame => ({
    lang: s.language,
    languages: s.settings.languages.enabled,
    selfPath: `/s/${token}`,
    title: s.settings.greetings.title[s.language] ?? '',
  });
  const html = (reply: FastifyReply, status: number, body: string | Buffer) => secured(reply).status(status).type('text/html; charset=utf-8').send(body);
  /** An unknown link: in the language the browser asks for (there are no settings to go by). */
  const notFound = (req: FastifyRequest, reply: FastifyReply, lang?: string) =>
    html(reply, 404, renderProblemPage({ lang: pickLanguage(defaultSurveySettings(), lang ?? req.headers['accept-language']), languages: [], selfPath: '', title: 'nilai' }, 'not_found'));

  app.get('/s/:token', { schema: { hide: true, params: Params, querystring: Query } }, async (req, reply) => {
    const { token } = req.params;
    const s = await loadSurvey(db, token, req.query.lang);
    if (s.problem === 'not_found') return notFound(req, reply, req.query.lang);
    const frame = frameFor(token, s);
    if (s.problem) return html(reply, 410, renderProblemPage(frame, s.problem));
    const thankYou = s.settings.greetings.thankYou[s.language] ?? '';
    if (s.step.kind === 'done') {
      return req.query.done === '1'
        ? html(reply, 200, renderThankYouPage(frame, thankYou))
        : html(reply, 410, renderThankYouPage(frame, thankYou, PAGE_TEXT[s.language].completedTitle));
    }
    const preselected = s.step.kind === 'rating' && req.query.score !== undefined && /^\d{1,2}$/.test(req.query.score) ? Number(req.query.score) : null;
    const first = s.answered === 0 && s.step.index === 0;
    return html(reply, 200, stepPages.get(s.settings, `${s.language}|${first}|${preselected}|${JSON.stringify(s.step)}`, token, (t) => renderStepPage({
      frame: frameFor(t, s),
      settings: s.settings,
      step: s.step as Exclude<typeof s.step, { kind: 'done' }>,
      closing: first ? s.settings.greetings.closing[s.language] ?? null : null,
      preselected,
      error: null,
      formAction: `/s/${t}?lang=${s.language}`,
    })));
  });

  app.get('/s/:token/unsubscribe', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const s = await loadSurvey(db, req.params.token);
    if (s.problem === 'not_found') return notFound(req, reply);
    return html(reply, 200, renderUnsubscribePage({ ...frameFor(req.params.token, s), languages: [] }, `/s/${req.params.token}/unsubscribe`));
  });

  // One click from the mail client (RFC 8058 posts "List-Unsubscribe=One-Click") or the confirmation form.
  app.post('/s/:token/unsubscribe', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const done = await unsubscribeByToken(db, req.params.token);
    if (!done) return notFound(req, reply);
    const title = done.settings.greetings.title[done.language] ?? '';
    return html(reply, 200, renderUnsubscribedPage({ lang: done.language, languages: [], selfPath: '', title }));
  });

  app.post('/s/:token', { schema: { hide: true, params: Params, querystring: Query, body: Form } }, async (req, reply) => {
    const { token } = req.params;
    const s = await loadSurvey(db, token, req.query.lang);
    const back = (done = false) => secured(reply).redirect(`/s/${token}?lang=${s.problem === 'not_found' ? 'id' : s.language}${done ? '&done=1' : ''}`, 303);
    if (s.problem !== null) return back();
    if (s.step.kind === 'done') return back(true);
    const [kind, type = ''] = req.body.step.split(':');
    let error: string | null = null;
    if (kind === 'rating') {
      if ((await answerRating({ db, jobs: app.jobs }, s, type, req.body.score)) === 'invalid') error = PAGE_TEXT[s.language].invalidAnswer;
    } else if (kind === 'follow_up') {
      const skip = req.body.action === 'skip';
      const text = req.body.text?.trim() ?? '';
      if (!skip && text === '') error = PAGE_TEXT[s.language].followUpEmpty;
      else await answerFollowUp({ db, jobs: app.jobs }, s, type, skip ? null : text);
    } else {
      error = PAGE_TEXT[s.language].invalidAnswer;
    }
    if (error) {
      return html(reply, 422, renderStepPage({ frame: frameFor(token, s), settings: s.settings, step: s.step, closing: null, preselected: null, error, formAction: `/s/${token}?lang=${s.language}` }));
    }
    const after = await loadSurvey(db, token, s.language);
    return back(after.problem === null && after.step.kind === 'done');
  });
};

export default routes;
