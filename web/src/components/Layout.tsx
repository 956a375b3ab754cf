/** The app frame: skip link, navigation by role, language switch and sign-out. */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { atLeast, useMe, useSignOut } from '../auth.js';
import { setUiLanguage, UI_LANGUAGES, type UiLanguage } from '../i18n.js';
import { PasswordDialog } from './PasswordDialog.js';

export function Layout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const signOut = useSignOut();
  const admin = atLeast(me, 'admin');
  const [passwordOpen, setPasswordOpen] = useState(false);
  const link = (to: string, label: string, end = false) => (
    <li><NavLink to={to} end={end}>{label}</NavLink></li>
  );
  return (
    <div className="app">
      <a className="skip-link" href="#main">{t('nav.skip')}</a>
      <header className="topbar">
        <a className="brand" href="/">nilai</a>
        <nav aria-label={t('nav.main')}>
          <ul>
            {link('/', me?.role === 'agent' ? t('nav.myScores') : t('nav.dashboard'), true)}
            {link('/responses', t('nav.responses'))}
            {atLeast(me, 'supervisor') && link('/broadcasts', t('broadcasts.nav'))}
          </ul>
        </nav>
        <div className="topbar-end">
          <label className="lang-select">
            <span className="visually-hidden">{t('nav.language')}</span>
            <select value={i18n.language} onChange={(e) => setUiLanguage(e.target.value as UiLanguage)}>
              {UI_LANGUAGES.map((l) => <option key={l} value={l}>{l === 'id' ? 'Bahasa Indonesia' : 'English'}</option>)}
            </select>
          </label>
          <span className="who">{me?.name} · {t(`roles.${me?.role ?? 'agent'}`)}</span>
          <button type="button" className="button-quiet" onClick={() => setPasswordOpen(true)}>{t('password.title')}</button>
          <button type="button" className="button-quiet" onClick={signOut}>{t('nav.signOut')}</button>
        </div>
      </header>
      <div className="shell">
        {admin && (
          <nav className="sidebar" aria-label={t('nav.settings')}>
            <p className="sidebar-title">{t('nav.settings')}</p>
            <ul>
              {link('/settings/survey', t('nav.survey'))}
              {link('/settings/channels', t('nav.channels'))}
              {link('/settings/users', t('nav.users'))}
              {link('/settings/divisions', t('nav.divisions'))}
              {link('/settings/office-hours', t('nav.officeHours'))}
              {link('/settings/tags', t('nav.tags'))}
              {link('/settings/alerts', t('nav.alerts'))}
              {link('/settings/webhooks', t('nav.webhooks'))}
              {link('/settings/tokens', t('nav.tokens'))}
              {link('/settings/inbox', t('inbox.nav'))}
              {link('/settings/agents', t('agents.nav'))}
              {link('/settings/contact-fields', t('contactFields.nav'))}
              {link('/settings/ticket', t('contactFields.ticket.nav'))}
              {link('/settings/report-emails', t('reportEmails.nav'))}
            </ul>
          </nav>
        )}
        <main id="main" tabIndex={-1}>{children}</main>
      </div>
      <PasswordDialog open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </div>
  );
}
