/** What nilai did through a conversation's inbox (auto reply, auto resolve, assignment): what, when, why, outcome. */
import { useTranslation } from 'react-i18next';
import { Card } from './ui.js';

export interface InboxActionView {
  id: string;
  kind: 'message' | 'resolve' | 'assign';
  reason: string;
  payload: { text?: string; closingMessage?: string } | null;
  status: 'queued' | 'done' | 'failed';
  attempts: number;
  error: string | null;
  createdAt: string;
}

export function InboxActions({ actions, autoResolved, when }: { actions: InboxActionView[]; autoResolved: boolean; when: Intl.DateTimeFormat }) {
  const { t } = useTranslation();
  return (
    <Card title={t('inbox.actions')}>
      {autoResolved && <p><strong>{t('inbox.autoResolved')}</strong></p>}
      {actions.length ? (
        <ul className="plain-list">
          {actions.map((a) => (
            <li key={a.id}>
              {when.format(new Date(a.createdAt))} · <strong>{t(`inbox.kinds.${a.kind}`)}</strong> · {t(`inbox.actionStatus.${a.status}`)} ({t('inbox.attempts', { count: a.attempts })})
              <br /><span className="muted">{a.reason}</span>
              {(a.payload?.text ?? a.payload?.closingMessage) && <><br />“{a.payload?.text ?? a.payload?.closingMessage}”</>}
              {a.error && <><br /><span className="error-text">{a.error}</span></>}
            </li>
          ))}
        </ul>
      ) : <p className="muted">{t('inbox.noActions')}</p>}
    </Card>
  );
}
