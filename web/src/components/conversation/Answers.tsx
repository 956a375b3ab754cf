/** The survey answers of one conversation: score on its scale, the follow-up asked and what the customer wrote. */
import { useTranslation } from 'react-i18next';
import { Card } from '../ui.js';

export interface AnswerView {
  id: string; invitationId: string; surveyType: string; score: number; scale: { min: number; max: number };
  followUpQuestion: string | null; followUpText: string | null; language: string; answeredAt: string;
}

export function ConversationAnswers({ responses, when }: { responses: AnswerView[]; when: Intl.DateTimeFormat }) {
  const { t } = useTranslation();
  return (
    <Card title={t('convPage.answers')}>
      {responses.length ? (
        <ul className="plain-list answers">
          {responses.map((r) => (
            <li key={r.id}>
              <strong>{r.surveyType.toUpperCase()} {t('convPage.scoreOf', { score: r.score, min: r.scale.min, max: r.scale.max })}</strong> · {when.format(new Date(r.answeredAt))} · {r.language}
              {r.followUpQuestion && <><br /><span className="muted">{r.followUpQuestion}</span></>}
              {r.followUpText ? <><br /><q lang={r.language}>{r.followUpText}</q></> : r.followUpQuestion && <><br /><span className="muted">{t('convPage.noComment')}</span></>}
            </li>
          ))}
        </ul>
      ) : <p className="muted">{t('convPage.noAnswers')}</p>}
    </Card>
  );
}
