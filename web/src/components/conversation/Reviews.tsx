/**
 * Quality reviews of one conversation (routes/reviews.ts): the list, and for supervisors and admins the
 * form, a score 1–5 per criterion of the workspace rubric and an optional comment. A missing score is
 * marked before sending; what the API refuses is shown next to the field it names (`scores.<id>`, `comment`).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api.js';
import { atLeast, useMe } from '../../auth.js';
import { Card, ErrorNotice, Field, Loading } from '../ui.js';

interface Criterion { id: string; name: string; description?: string; weight: number }
export interface ReviewView {
  id: string; conversationId: string; agentId: string | null; reviewerId: string | null;
  criteria: Criterion[]; scores: Record<string, number>; score: number; comment: string | null; createdAt: string;
}
type Errors = Record<string, string>;
const SCALE = [1, 2, 3, 4, 5];
const COMMENT_MAX = 5000;

export function ConversationReviews({ conversationId, reviews, when, names }: { conversationId: string; reviews: ReviewView[]; when: Intl.DateTimeFormat; names: (userId: string | null) => string | null }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const nf = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  return (
    <Card title={t('insights.reviews')}>
      {reviews.length ? (
        <ul className="plain-list reviews">
          {reviews.map((r) => (
            <li key={r.id}>
              <strong>{t('insights.reviewScore', { score: nf.format(r.score) })}</strong> · {when.format(new Date(r.createdAt))}{names(r.reviewerId) && <> · {t('convPage.review.by', { name: names(r.reviewerId) })}</>}
              <br /><span className="muted">{r.criteria.map((c) => `${c.name}: ${r.scores[c.id] ?? '—'}/5`).join(' · ')}</span>
              {r.comment && <><br /><q>{r.comment}</q></>}
            </li>
          ))}
        </ul>
      ) : <p className="muted">{t('convPage.review.none')}</p>}
      {atLeast(me, 'supervisor') && <ReviewForm conversationId={conversationId} />}
    </Card>
  );
}

function ReviewForm({ conversationId }: { conversationId: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const rubric = useQuery({ queryKey: ['review-rubric'], queryFn: () => api<{ criteria: Criterion[] }>('GET', '/api/v1/review-rubric') });
  const [scores, setScores] = useState<Record<string, number>>({});
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState<string | null>(null);
  const nf = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  const save = useMutation({
    mutationFn: () => api<ReviewView>('POST', `/api/v1/conversations/${encodeURIComponent(conversationId)}/reviews`, { scores, ...(comment.trim() && { comment }) }),
    onSuccess: async (r) => {
      setScores({});
      setComment('');
      setErrors({});
      setSaved(t('insights.reviewSaved', { score: nf.format(r.score) }));
      await qc.invalidateQueries({ queryKey: ['conversation', conversationId] });
    },
    onError: async (e) => {
      if (!(e instanceof ApiError && e.details.length)) return;
      setErrors(Object.fromEntries(e.details.map((d) => [d.path, d.message])));
      // A criterion the API names and the form lacks means the rubric changed meanwhile: show the current one.
      await qc.invalidateQueries({ queryKey: ['review-rubric'] });
    },
  });
  if (rubric.error) return <ErrorNotice error={rubric.error} />;
  if (!rubric.data) return <Loading />;
  const criteria = rubric.data.criteria;
  function submit() {
    setSaved(null);
    const missing = Object.fromEntries(criteria.filter((c) => scores[c.id] === undefined).map((c) => [`scores.${c.id}`, t('convPage.review.scoreRequired', { name: c.name })]));
    setErrors(missing);
    if (Object.keys(missing).length) {
      // The first unscored criterion gets focus, so a keyboard or screen-reader user lands on it.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.review-form [aria-invalid="true"] input')?.focus());
      return;
    }
    save.mutate();
  }
  // Errors the form has no field for (e.g. a criterion removed from the rubric meanwhile) are shown above it.
  const known = new Set([...criteria.map((c) => `scores.${c.id}`), 'comment']);
  const other = Object.entries(errors).filter(([p]) => !known.has(p));
  return (
    <form className="review-form" noValidate onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <h3>{t('insights.reviewTitle')}</h3>
      {other.map(([p, m]) => <p key={p} className="error-text" role="alert">{p}: {m}</p>)}
      {!(save.error instanceof ApiError && save.error.details.length) && <ErrorNotice error={save.error} />}
      {criteria.map((c) => {
        const error = errors[`scores.${c.id}`];
        const errorId = `review-${c.id}-error`;
        return (
          <fieldset key={c.id} className={`review-criterion${error ? ' has-error' : ''}`}>
            <legend id={`review-${c.id}-legend`}>{t('insights.reviewCriterion', { name: c.name })} <span className="muted">· {t('convPage.review.weight', { weight: c.weight })}</span></legend>
            {c.description && <p className="hint">{c.description}</p>}
            <div className="review-scale" role="radiogroup" aria-labelledby={`review-${c.id}-legend`} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined}>
              {SCALE.map((v) => (
                <label key={v} className="radio">
                  <input type="radio" name={`review-${c.id}`} value={v} checked={scores[c.id] === v} onChange={() => { setScores((s) => ({ ...s, [c.id]: v })); setErrors(({ [`scores.${c.id}`]: _gone, ...rest }) => rest); }} />
                  {v}
                </label>
              ))}
            </div>
            {error && <p className="error-text" id={errorId} role="alert">{error}</p>}
          </fieldset>
        );
      })}
      <Field label={t('insights.reviewComment')} error={errors.comment}>
        {(a) => <textarea {...a} rows={3} maxLength={COMMENT_MAX} value={comment} onChange={(e) => { setComment(e.target.value); setErrors(({ comment: _gone, ...rest }) => rest); }} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={save.isPending}>{save.isPending ? t('common.saving') : t('insights.reviewSave')}</button>
        <span role="status" className="ok-text">{saved ?? ''}</span>
      </div>
    </form>
  );
}
