/**
 * The nilai website widget: one <script> tag, no framework, everything inside a Shadow DOM (the page's
 * CSS cannot reach it, its CSS cannot reach the page). Built by scripts/build-widget.ts into
 * /widget/v1.js. Usage (docs/widget.md):
 *
 *   <script src="https://nilai.example.com/widget/v1.js" data-key="<widget channel id>" async></script>
 *
 * Signed-in visitors: set `window.nilaiVisitor = { id, attributes, signature }` before it loads.
 */
interface Option { value: number; label: string; emoji?: string }
interface RatingStep { kind: 'rating'; surveyType: string; question: string; options: Option[]; lowLabel: string | null; highLabel: string | null }
interface FollowUpStep { kind: 'follow_up'; surveyType: string; variants: { ratings: number[]; question: string }[] }
interface Opened {
  show: boolean;
  ticket: string;
  rules: { delaySeconds: number; scrollPercent: number; exitIntent: boolean; samplePercent: number; recontactDays: number };
  survey: { language: 'id' | 'en'; title: string; steps: (RatingStep | FollowUpStep)[]; thankYou: { title: string; message: string } };
}
interface Answer { surveyType: string; score: number; followUp?: string }

const WORDS = {
  en: { next: 'Next', send: 'Send', close: 'Close survey', done: 'Close', optional: '(optional)', failed: 'Your answer could not be sent. Please try again later.' },
  id: { next: 'Berikutnya', send: 'Kirim', close: 'Tutup survei', done: 'Tutup', optional: '(opsional)', failed: 'Jawaban Anda belum terkirim. Silakan coba lagi nanti.' },
};

const STYLE = `:host{all:initial}
*{box-sizing:border-box}
.p{position:fixed;right:16px;bottom:16px;z-index:2147483647;width:min(360px,calc(100vw - 32px));background:#fff;color:#1a1a1a;border:1px solid #767676;border-radius:12px;box-shadow:0 8px 28px rgba(0,0,0,.25);padding:16px;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
@media (prefers-reduced-motion:no-preference){.p{animation:in .25s ease-out}@keyframes in{from{opacity:0;transform:translateY(12px)}}}
h2{font-size:16px;margin:0 32px 8px 0}
fieldset{border:0;margin:0;padding:0}
legend{padding:0;margin-bottom:8px}
.o{display:flex;flex-wrap:wrap;gap:4px}
.o label{position:relative;flex:1 0 28px;min-width:28px;min-height:40px;display:flex;align-items:center;justify-content:center;border:1px solid #767676;border-radius:8px;cursor:pointer;font-size:15px}
.o input{position:absolute;opacity:0;width:100%;height:100%;margin:0;cursor:pointer}
.o input:checked+span{font-weight:700}
.o label:has(input:checked){background:#0b57d0;color:#fff;border-color:#0b57d0}
.o label:has(input:focus-visible){outline:3px solid #0b57d0;outline-offset:2px}
.e{font-size:22px}
.l{display:flex;justify-content:space-between;font-size:13px;color:#4a4a4a;margin-top:4px}
textarea{width:100%;min-height:72px;font:inherit;padding:8px;border:1px solid #767676;border-radius:8px;margin-top:4px}
label.q{display:block}
.a{display:flex;justify-content:flex-end;margin-top:12px}
button{font:inherit;cursor:pointer;border-radius:8px}
.b{background:#0b57d0;color:#fff;border:0;padding:8px 16px}
.b:disabled{background:#767676;cursor:not-allowed}
.x{position:absolute;top:8px;right:8px;width:32px;height:32px;border:0;background:transparent;font-size:20px;color:#1a1a1a}
button:focus-visible,textarea:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
.s{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}`;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

function start(script: HTMLScriptElement): void {
  const key = script.dataset.key ?? '';
  const api = `${new URL(script.src).origin}/widget/api/v1/${encodeURIComponent(key)}`;
  const mark = `nilai:${key}:until`;
  const visitor = (window as { nilaiVisitor?: unknown }).nilaiVisitor;
  const store = (() => { try { return window.localStorage; } catch { return null; } })();
  if (Number(store?.getItem(mark) ?? 0) > Date.now()) return;
  const post = (path: string, body: unknown) => fetch(`${api}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  post('open', { pageUrl: location.href, lang: document.documentElement.lang || navigator.language, visitor })
    .then((r) => (r.ok ? (r.json() as Promise<Opened>) : null))
    .then((o) => {
      if (!o?.show) return;
      const rest = () => store?.setItem(mark, String(Date.now() + o.rules.recontactDays * 86_400_000));
      // Sampled per visitor and recontact period: one left out stays out until the period ends.
      if (Math.random() * 100 >= o.rules.samplePercent) return rest();
      whenDue(o.rules, () => show(o, rest));
    })
    .catch(() => undefined);

  function show(o: Opened, rest: () => void): void {
    const w = WORDS[o.survey.language] ?? WORDS.en;
    const answers: Answer[] = [];
    let sent = false;
    const host = h('div', { 'data-nilai-widget': '' });
    const root = host.attachShadow({ mode: 'open' });
    const before = document.activeElement as HTMLElement | null;
    const body = h('div');
    const title = h('h2', { id: 't', tabindex: '-1' }, o.survey.title);
    const close = h('button', { class: 'x', type: 'button', 'aria-label': w.close }, '×');
    const panel = h('div', { class: 'p', role: 'dialog', 'aria-labelledby': 't', lang: o.survey.language }, title, close, body);
    root.append(h("style", {}, STYLE), panel);
    document.body.append(host);
    const send = () => {
      if (sent || !answers.length) return Promise.resolve(true);
      sent = true;
      return post('answer', { ticket: o.ticket, pageUrl: location.href, answers }).then((r) => r.ok, () => false);
    };
    const finish = () => {
      rest();
      void send();
      host.remove();
      before?.focus?.();
    };
    close.addEventListener('click', finish);
    panel.addEventListener('keydown', (e) => { if (e.key === 'Escape') finish(); });
    const steps = o.survey.steps;
    let i = 0;
    const next = (): void => {
      const step = steps[i++];
      body.replaceChildren();
      if (!step) {
        rest();
        void send().then((ok) => {
          body.append(h('p', { role: 'status' }, ok ? o.survey.thankYou.message : w.failed));
          const done = h('button', { class: 'b', type: 'button' }, w.done);
          done.addEventListener('click', finish);
          body.append(h('div', { class: 'a' }, done));
          done.focus();
        });
        return;
      }
      // After a rating its follow-up may come (its question depends on the rating); after a follow-up, only another rating.
      const last = step.kind === 'rating' ? i >= steps.length : !steps.slice(i).some((s) => s.kind === 'rating');
      const button = h('button', { class: 'b', type: 'submit' }, last ? w.send : w.next);
      const form = h('form', {}, h('div', { class: 'a' }, button));
      if (step.kind === 'rating') {
        const name = `r-${step.surveyType}`;
        const options = step.options.map((op) =>
          h('label', {}, h('input', { type: 'radio', name, value: String(op.value) }),
            op.emoji ? h('span', { class: 'e', 'aria-hidden': 'true' }, op.emoji) : h('span', { 'aria-hidden': 'true' }, String(op.value)),
            h('span', { class: 's' }, op.label)));
        const set = h('fieldset', {}, h('legend', {}, step.question), h('div', { class: 'o' }, ...options));
        if (step.lowLabel && step.highLabel) set.append(h('div', { class: 'l', 'aria-hidden': 'true' }, h('span', {}, step.lowLabel), h('span', {}, step.highLabel)));
        form.prepend(set);
        button.disabled = true;
        form.addEventListener('change', () => { button.disabled = false; });
        form.addEventListener('submit', (e) => {
          e.preventDefault();
          const picked = form.querySelector<HTMLInputElement>('input:checked');
          if (!picked) return;
          answers.push({ surveyType: step.surveyType, score: Number(picked.value) });
          next();
        });
        body.append(form);
        (form.querySelector('input') as HTMLInputElement).focus();
      } else {
        const question = followUpOf(step);
        if (!question) return next();
        const area = h('textarea', { id: 'f', maxlength: '2000' });
        form.prepend(h('label', { class: 'q', for: 'f' }, `${question} ${w.optional}`), area);
        form.addEventListener('submit', (e) => {
          e.preventDefault();
          const a = answers.find((x) => x.surveyType === step.surveyType);
          if (a && area.value.trim()) a.followUp = area.value.trim();
          next();
        });
        body.append(form);
        area.focus();
      }
    };
    const followUpOf = (s: FollowUpStep) => {
      const score = answers.find((a) => a.surveyType === s.surveyType)?.score;
      return s.variants.find((v) => score !== undefined && v.ratings.includes(score))?.question || '';
    };
    next();
  }
}

/** Calls `show` once the delay has passed and the page is scrolled far enough (and, with exit intent, the pointer leaves). */
function whenDue(rules: Opened['rules'], show: () => void): void {
  let waited = false;
  let exited = !rules.exitIntent;
  let shown = false;
  const scrolled = () => {
    const el = document.documentElement;
    const room = el.scrollHeight - window.innerHeight;
    return room <= 0 || ((window.scrollY + window.innerHeight) / el.scrollHeight) * 100 >= rules.scrollPercent;
  };
  const check = () => {
    if (shown || !waited || !exited || !scrolled()) return;
    shown = true;
    window.removeEventListener('scroll', check);
    document.removeEventListener('mouseout', onOut);
    show();
  };
  const onOut = (e: MouseEvent) => {
    if (!e.relatedTarget && e.clientY <= 0) {
      exited = true;
      check();
    }
  };
  window.addEventListener('scroll', check, { passive: true });
  if (rules.exitIntent) document.addEventListener('mouseout', onOut);
  setTimeout(() => { waited = true; check(); }, rules.delaySeconds * 1000);
}

const current = document.currentScript as HTMLScriptElement | null;
if (current?.dataset.key) {
  if (document.body) start(current);
  else document.addEventListener('DOMContentLoaded', () => start(current));
}
export {};
