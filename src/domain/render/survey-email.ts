/**
 * The survey as an email: the closing sentence, the first question with one link per score (each opens
 * the hosted page with that score preselected — a link scanner that follows them records nothing), a
 * link to the whole survey, and an unsubscribe link; HTML and plain text, in the customer's language.
 */
import { esc } from './survey-page.js';
import type { RatingStep, RenderedSurvey } from './survey-steps.js';

const TEXT = {
  id: { reminder: 'Pengingat', reminderLine: 'Kami masih menunggu pendapat Anda; survei ini hanya butuh satu klik.', open: 'Buka survei', or: 'Atau buka survei:', why: 'Anda menerima email ini karena percakapan Anda dengan kami baru saja selesai.', stop: 'Berhenti menerima survei' },
  en: { reminder: 'Reminder', reminderLine: 'We would still love to hear how we did; the survey takes one click.', open: 'Open the survey', or: 'Or open the survey:', why: 'You get this email because your conversation with us was just resolved.', stop: 'Stop receiving surveys' },
} as const;

export interface SurveyEmail {
  subject: string;
  text: string;
  html: string;
}

/** The hosted page's opt-out page (the email's footer link and its List-Unsubscribe header). */
export const unsubscribeUrl = (surveyUrl: string) => `${surveyUrl}/unsubscribe`;

export function renderSurveyEmail(survey: RenderedSurvey, url: string, unsubscribeUrl: string, opts: { reminder?: boolean } = {}): SurveyEmail {
  const t = TEXT[survey.language];
  const reminder = opts.reminder ? t.reminderLine : null;
  const rating = survey.steps.find((s): s is RatingStep => s.kind === 'rating');
  const link = (score: number) => `${url}?lang=${survey.language}&score=${score}`;
  const options = rating?.options ?? [];
  const textLines = [
    ...(reminder ? [reminder, ''] : []),
    survey.closing ?? '',
    '',
    rating?.question ?? '',
    ...options.map((o) => `${o.emoji ? `${o.emoji} ` : ''}${o.label}: ${link(o.value)}`),
    '',
    `${t.or} ${url}?lang=${survey.language}`,
    '',
    survey.thankYou.title,
    '',
    `${t.why} ${t.stop}: ${unsubscribeUrl}`,
  ];
  const button = (o: { value: number; label: string; emoji?: string }) =>
    `<a href="${esc(link(o.value))}" style="display:inline-block;margin:4px;padding:10px 14px;border:2px solid #2848c8;border-radius:8px;color:#1a1f36;text-decoration:none;font-size:16px">${o.emoji ? `<span aria-hidden="true">${o.emoji}</span> ` : ''}${esc(o.label)}</a>`;
  const html = `<!doctype html><html lang="${survey.language}"><body style="margin:0;background:#f4f6fb;font-family:system-ui,Segoe UI,Roboto,sans-serif;color:#1a1f36">` +
    `<div style="max-width:560px;margin:0 auto;padding:24px;background:#fff">` +
    `<h1 style="font-size:20px">${esc(survey.title)}</h1>` +
    (reminder ? `<p style="font-weight:600">${esc(reminder)}</p>` : '') +
    (survey.closing ? `<p>${esc(survey.closing)}</p>` : '') +
    (rating ? `<p style="font-size:18px;font-weight:600">${esc(rating.question)}</p><p>${options.map(button).join('')}</p>` : '') +
    `<p><a href="${esc(`${url}?lang=${survey.language}`)}" style="color:#2848c8">${esc(t.open)}</a></p>` +
    `<p style="font-size:13px;color:#4a5270">${esc(t.why)} <a href="${esc(unsubscribeUrl)}" style="color:#4a5270">${esc(t.stop)}</a></p>` +
    `</div></body></html>`;
  return { subject: opts.reminder ? `${t.reminder}: ${survey.title}` : survey.title, text: textLines.join('\n').replace(/\n{3,}/g, '\n\n').trim(), html };
}
