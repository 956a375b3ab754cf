/**
 * The hosted survey page as HTML: server-rendered, no JavaScript, one small inline stylesheet, real
 * buttons inside fieldsets with legends, usable from 320 px wide. Each score is its own submit button,
 * so answering is one tap; a score preselected from an email link is only highlighted.
 */
import type { Language, SurveySettings } from '../settings/schema.js';
import type { NextStep } from '../survey-progress.js';
import { PAGE_TEXT } from './page-text.js';
import { renderRatingStep } from './survey-steps.js';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]!);

const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1f36;background:#f4f6fb}
main{max-width:36rem;margin:0 auto;padding:1rem}header{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem;align-items:baseline}
.brand{font-weight:600;margin:0}nav a{color:#2848c8;margin-left:.5rem}nav a[aria-current]{color:#1a1f36;font-weight:600;text-decoration:none}
.card{background:#fff;border-radius:12px;padding:1.25rem;margin-top:1rem;box-shadow:0 1px 3px #0002}
.muted{color:#4a5270;font-size:.9rem;margin:0 0 .5rem}fieldset{border:0;margin:0;padding:0;min-width:0}legend{padding:0;margin-bottom:.5rem}
h1{font-size:1.35rem;margin:.25rem 0 .75rem}.opts{display:grid;gap:.5rem}.csat{grid-template-columns:1fr}
.scale{grid-template-columns:repeat(auto-fit,minmax(2.4rem,1fr))}
button{font:inherit;min-height:2.75rem;border-radius:8px;border:2px solid #2848c8;background:#fff;color:#1a1f36;cursor:pointer;padding:.4rem .6rem}
button:hover{background:#eef1fd}button:focus-visible,a:focus-visible,textarea:focus-visible{outline:3px solid #f0a000;outline-offset:2px}
.csat button{display:flex;align-items:center;gap:.75rem;text-align:left}.emoji{font-size:1.6rem;line-height:1}
button[aria-pressed=true]{background:#2848c8;color:#fff}.ends{display:flex;justify-content:space-between;gap:1rem;font-size:.9rem;color:#4a5270;margin:.5rem 0 0}
textarea{width:100%;font:inherit;padding:.5rem;border:2px solid #8a93b0;border-radius:8px}.actions{display:flex;gap:.5rem;margin-top:.75rem;flex-wrap:wrap}
.primary{background:#2848c8;color:#fff}.error{color:#b00020;font-weight:600}`;

export interface PageFrame {
  lang: Language;
  languages: readonly Language[];
  /** The page's own URL without query, for the language links. */
  selfPath: string;
  title: string;
}

function frame(f: PageFrame, heading: string, body: string): string {
  const t = PAGE_TEXT[f.lang];
  const nav = f.languages.length > 1
    ? `<nav aria-label="${esc(t.languageNav)}">${f.languages
        .map((l) => `<a href="${esc(f.selfPath)}?lang=${l}" lang="${l}" hreflang="${l}"${l === f.lang ? ' aria-current="page"' : ''}>${esc(PAGE_TEXT[l].languageName)}</a>`)
        .join('')}</nav>`
    : '';
  return `<!doctype html><html lang="${f.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${esc(heading)} · ${esc(f.title)}</title><style>${CSS}</style></head>` +
    `<body><main><header><p class="brand">${esc(f.title)}</p>${nav}</header><div class="card">${body}</div></main></body></html>`;
}

export interface StepView {
  frame: PageFrame;
  settings: SurveySettings;
  step: Exclude<NextStep, { kind: 'done' }>;
  /** Shown above the first question only. */
  closing: string | null;
  preselected: number | null;
  error: string | null;
  formAction: string;
}

export function renderStepPage(v: StepView): string {
  const t = PAGE_TEXT[v.frame.lang];
  const progress = v.step.total > 1 ? `<p class="muted">${esc(t.progress(v.step.index + 1, v.step.total))}</p>` : '';
  const error = v.error ? `<p class="error" role="alert">${esc(v.error)}</p>` : '';
  const closing = v.closing ? `<p>${esc(v.closing)}</p>` : '';
  if (v.step.kind === 'follow_up') {
    const q = v.step.question;
    return frame(v.frame, q, `${progress}<form method="post" action="${esc(v.formAction)}"><input type="hidden" name="step" value="follow_up:${v.step.surveyType}">` +
      `<h1><label for="answer">${esc(q)}</label></h1>${error}<p class="muted" id="hint">${esc(t.followUpHint)}</p>` +
      `<textarea id="answer" name="text" rows="4" maxlength="2000" aria-describedby="hint"></textarea>` +
      `<div class="actions"><button class="primary" type="submit" name="action" value="send">${esc(t.send)}</button>` +
      `<button type="submit" name="action" value="skip">${esc(t.skip)}</button></div></form>`);
  }
  const r = renderRatingStep(v.settings, v.step.surveyType, v.frame.lang);
  const csat = v.step.surveyType === 'csat';
  const buttons = r.options
    .map((o) => {
      const pressed = v.preselected === o.value ? ' aria-pressed="true"' : '';
      const inner = csat ? `<span class="emoji" aria-hidden="true">${o.emoji}</span><span>${esc(o.label)}</span>` : String(o.value);
      return `<button type="submit" name="score" value="${o.value}"${pressed}>${inner}</button>`;
    })
    .join('');
  const ends = r.lowLabel && r.highLabel
    ? `<p class="ends" id="ends"><span>${r.scale.min} = ${esc(r.lowLabel)}</span><span>${r.scale.max} = ${esc(r.highLabel)}</span></p>`
    : '';
  const chosen = v.preselected !== null ? `<p role="status">${esc(t.chosen(v.preselected))}</p>` : '';
  return frame(v.frame, r.question, `${progress}${closing}<form method="post" action="${esc(v.formAction)}"><input type="hidden" name="step" value="rating:${r.surveyType}">` +
    `<fieldset${ends ? ' aria-describedby="ends"' : ''}><legend><h1>${esc(r.question)}</h1></legend>${error}${chosen}` +
    `<div class="opts ${csat ? 'csat' : 'scale'}">${buttons}</div>${ends}</fieldset></form>`);
}

export function renderThankYouPage(f: PageFrame, message: string, heading?: string): string {
  const t = PAGE_TEXT[f.lang];
  return frame(f, heading ?? f.title, `<h1>${esc(heading ?? f.title)}</h1><p>${esc(message)}</p><p class="muted">${esc(t.closeHint)}</p>`);
}

/** `unreadable`: the request itself was broken (bad encoding, too large, a field that fails its checks). */
export type ProblemKind = 'not_found' | 'expired' | 'cancelled' | 'unreadable';

export function renderProblemPage(f: PageFrame, kind: ProblemKind): string {
  const t = PAGE_TEXT[f.lang];
  const texts: Record<ProblemKind, [string, string]> = {
    not_found: [t.notFoundTitle, t.notFoundBody],
    expired: [t.expiredTitle, t.expiredBody],
    cancelled: [t.cancelledTitle, t.cancelledBody],
    unreadable: [t.unreadableTitle, t.unreadableBody],
  };
  const [title, body] = texts[kind];
  return frame(f, title, `<h1>${esc(title)}</h1><p>${esc(body)}</p>`);
}

/** Confirmation before opting out (GET must change nothing: mail scanners follow links). */
export function renderUnsubscribePage(f: PageFrame, formAction: string): string {
  const t = PAGE_TEXT[f.lang];
  return frame(f, t.unsubscribeTitle, `<h1>${esc(t.unsubscribeTitle)}</h1><p>${esc(t.unsubscribeBody)}</p>` +
    `<form method="post" action="${esc(formAction)}"><button class="primary" type="submit">${esc(t.unsubscribeButton)}</button></form>`);
}

export function renderUnsubscribedPage(f: PageFrame): string {
  const t = PAGE_TEXT[f.lang];
  return frame(f, t.unsubscribedTitle, `<h1>${esc(t.unsubscribedTitle)}</h1><p>${esc(t.unsubscribedBody)}</p>`);
}
