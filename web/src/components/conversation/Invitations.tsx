/** The surveys of one conversation with each step's time, the reminder, and the resolves that got none (and why). */
import { useTranslation } from 'react-i18next';
import { Card } from '../ui.js';

export interface InvitationView {
  id: string; status: string; reason: string | null; surveyTypes: string[]; settingsVersion: number; language: string; trigger: string;
  sendAfter: string; expiresAt: string; attempts: number; sentAt: string | null; deliveredAt: string | null; openedAt: string | null; answeredAt: string | null;
  reminder: { status: string; dueAt: string | null; sentAt: string | null; reason: string | null } | null;
}
export interface SkipView { trigger: string; reason: string; settingsVersion: number; at: string }

export function ConversationInvitations({ invitations, skips, when, reasonText }: { invitations: InvitationView[]; skips: SkipView[]; when: Intl.DateTimeFormat; reasonText: (r: string) => string }) {
  const { t } = useTranslation();
  const at = (iso: string | null) => (iso ? when.format(new Date(iso)) : null);
  const trigger = (x: string) => t(`convPage.triggers.${x}`, { defaultValue: x });
  return (
    <Card title={t('conversation.invitations')}>
      {invitations.length ? (
        <ul className="plain-list invitations">
          {invitations.map((i) => {
            const steps = [
              [t('convPage.steps.scheduled'), at(i.sendAfter)], [t('convPage.steps.sent'), at(i.sentAt)], [t('convPage.steps.delivered'), at(i.deliveredAt)],
              [t('convPage.steps.opened'), at(i.openedAt)], [t('convPage.steps.answered'), at(i.answeredAt)], [t('convPage.steps.expires'), at(i.expiresAt)],
            ].filter((s): s is [string, string] => s[1] !== null);
            return (
              <li key={i.id}>
                <strong>{t(`conversation.invitationStatus.${i.status}`, { defaultValue: i.status })}</strong> · {i.surveyTypes.join(', ').toUpperCase()} · {i.language} · {trigger(i.trigger)} · {t('convPage.settingsVersion', { version: i.settingsVersion })}
                {i.reason && <> · <span className="muted">{reasonText(i.reason)}</span></>}
                <br /><span className="muted">{steps.map(([k, v]) => `${k} ${v}`).join(' · ')}{i.attempts > 1 && ` · ${t('inbox.attempts', { count: i.attempts })}`}</span>
                <br />{i.reminder ? t('convPage.reminder', {
                  status: t(`convPage.reminderStatus.${i.reminder.status}`, { defaultValue: i.reminder.status }),
                  at: at(i.reminder.sentAt ?? i.reminder.dueAt) ?? '—',
                }) : <span className="muted">{t('convPage.noReminder')}</span>}
                {i.reminder?.reason && <> · <span className="muted">{reasonText(i.reminder.reason)}</span></>}
              </li>
            );
          })}
        </ul>
      ) : <p className="muted">{t('conversation.noInvitations')}</p>}
      {skips.length > 0 && (
        <>
          <h3>{t('convPage.skips')}</h3>
          <ul className="plain-list skips">
            {skips.map((s, i) => <li key={i}>{when.format(new Date(s.at))} · {trigger(s.trigger)} · {t('conversation.skipped', { reason: reasonText(s.reason) })}</li>)}
          </ul>
        </>
      )}
    </Card>
  );
}
