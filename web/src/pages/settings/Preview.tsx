/**
 * The live preview beside the survey settings: what the selected channel sends (a chat in its style:
 * WhatsApp list, Telegram keyboard, Chatwoot options; the email of an email channel; the callback body of a
 * web channel), the hosted page and its thank-you page, rendered by the same code that renders them for
 * customers. Its language is the language being edited.
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chatPrompt, followUpQuestion, nextStep, PREVIEW_INVITATION, PREVIEW_LINK, previewDelivery, renderStepPage, renderThankYouPage, surveyTypesForChannel, type ChatMessage, type Language, type SurveySettings, type SurveyType } from '../../domain.js';

export interface PreviewChannel {
  id: string;
  name: string;
  type: string;
}

type Tab = 'message' | 'page' | 'thanks';

/** One sample run through the survey: a middling answer to each rating and a short follow-up. */
function conversation(settings: SurveySettings, types: SurveyType[], lang: Language) {
  const turns: ({ from: 'nilai'; message: ChatMessage } | { from: 'customer'; text: string })[] = [];
  const answers: { surveyType: SurveyType; score: number; followUpDone: boolean }[] = [];
  const sampleReply = lang === 'id' ? 'Balasannya cepat, terima kasih.' : 'Quick replies, thank you.';
  for (let guard = 0; guard < 12; guard++) {
    const step = nextStep(settings, types, answers, lang);
    turns.push({ from: 'nilai', message: chatPrompt({ settings, invitationId: PREVIEW_INVITATION, language: lang, url: PREVIEW_LINK, step, first: guard === 0 }) });
    if (step.kind === 'done') break;
    if (step.kind === 'rating') {
      const msg = turns[turns.length - 1]!;
      const choices = msg.from === 'nilai' ? msg.message.choices ?? [] : [];
      const pick = choices[Math.max(0, choices.length - 2)];
      const score = pick ? Number(pick.id.split(':').pop()) : 0;
      turns.push({ from: 'customer', text: pick?.title ?? String(score) });
      answers.push({ surveyType: step.surveyType, score, followUpDone: !followUpQuestion(settings, step.surveyType, score, lang) });
    } else {
      turns.push({ from: 'customer', text: sampleReply });
      const a = answers.find((x) => x.surveyType === step.surveyType);
      if (a) a.followUpDone = true;
    }
  }
  return turns;
}

function Widget({ message, style }: { message: ChatMessage; style: string }) {
  const choices = message.choices ?? [];
  if (!choices.length) return null;
  if (style === 'whatsapp') {
    if (choices.length <= 3) return <div className="wa-buttons">{choices.map((c) => <span key={c.id} className="wa-button">{c.title}</span>)}</div>;
    if (choices.length <= 10) {
      return (
        <details className="wa-list">
          <summary>☰ {message.choicesLabel}</summary>
          <ul>{choices.map((c) => <li key={c.id}><span>{c.title}</span>{c.description && <small>{c.description}</small>}</li>)}</ul>
        </details>
      );
    }
    return <p className="chat-hint">{message.typeHint}</p>;
  }
  if (style === 'telegram') {
    const oneEach = choices.some((c) => [...c.title].length > 3);
    const rows: (typeof choices)[] = [];
    for (const c of choices) {
      const last = rows[rows.length - 1];
      if (!oneEach && last && last.length < 6) last.push(c);
      else rows.push([c]);
    }
    return <div className="tg-keyboard">{rows.map((r, i) => <div key={i} className="tg-row">{r.map((c) => <span key={c.id} className="tg-key">{c.title}</span>)}</div>)}</div>;
  }
  return <div className="cw-options">{choices.map((c) => <span key={c.id} className="cw-option">{c.title}</span>)}</div>;
}

/** The chat channels' first turns, or the email, or the callback body: what the channel sends. */
function Message({ settings, types, language, channel }: { settings: SurveySettings; types: SurveyType[]; language: Language; channel: PreviewChannel | null }) {
  const { t } = useTranslation();
  const style = channel?.type ?? 'whatsapp';
  const delivery = useMemo(() => previewDelivery(settings, types, language, channel?.type ?? null), [settings, types.join(), language, channel?.type]);
  const turns = useMemo(() => (delivery.kind === 'chat' ? conversation(settings, types, language) : []), [delivery, settings, types.join(), language]);
  if (delivery.kind === 'email') {
    const { email } = delivery;
    return (
      <div className="email-preview" data-testid="preview-email">
        <p><span className="muted">{t('preview.subject')}</span> <strong>{email.subject}</strong></p>
        <iframe className="email-frame" title={t('preview.emailFrame')} srcDoc={email.html} sandbox="" />
        <p className="hint">{t('preview.emailHint')}</p>
        <details>
          <summary>{t('preview.plainText')}</summary>
          <pre className="code-block" tabIndex={0}>{email.text}</pre>
        </details>
      </div>
    );
  }
  if (delivery.kind === 'callback') {
    return (
      <div className="callback-preview" data-testid="preview-callback">
        <p>{t('preview.callbackLead')}</p>
        <p className="hint">{t('preview.callbackLink')} <code className="wrap">{delivery.callback.data.url}</code></p>
        <pre className="code-block" tabIndex={0} aria-label={t('preview.callbackBody')}>{JSON.stringify(delivery.callback, null, 2)}</pre>
      </div>
    );
  }
  return (
    <ol tabIndex={0} className={`chat chat-${style}`} aria-label={t('preview.chatLabel', { channel: channel?.name ?? 'WhatsApp' })}>
      {turns.map((turn, i) =>
        turn.from === 'nilai' ? (
          <li key={i} className="bubble bubble-out" data-testid="preview-message">
            <p>{turn.message.text}</p>
            <Widget message={turn.message} style={style} />
          </li>
        ) : (
          <li key={i} className="bubble bubble-in"><p>{turn.text}</p></li>
        ),
      )}
    </ol>
  );
}

export function Preview({ settings, channels, language, onLanguage }: { settings: SurveySettings; channels: PreviewChannel[]; language: Language; onLanguage: (l: Language) => void }) {
  const { t } = useTranslation();
  const [channelId, setChannelId] = useState<string>('');
  const [tab, setTab] = useState<Tab>('message');
  const tabsId = useId();
  const channel = channels.find((c) => c.id === channelId) ?? null;
  const types = surveyTypesForChannel(settings, channel?.id ?? null);

  const pageHtml = useMemo(() => {
    const frame = { lang: language, languages: settings.languages.enabled, selfPath: '#', title: settings.greetings.title[language] ?? '' };
    if (tab === 'thanks') return renderThankYouPage(frame, settings.greetings.thankYou[language] ?? '');
    if (!types.length) return '';
    const step = nextStep(settings, types, [], language);
    if (step.kind === 'done') return '';
    return renderStepPage({ frame, settings, step, closing: settings.greetings.closing[language] ?? null, preselected: null, error: null, formAction: '#' });
  }, [settings, types.join(), language, tab]);

  const messageTab = channel?.type === 'email' ? t('preview.email') : channel?.type === 'web' ? t('preview.callback') : t('preview.chat');
  const tabs: [Tab, string][] = [['message', messageTab], ['page', t('preview.page')], ['thanks', t('preview.thanks')]];
  return (
    <section className="preview card" aria-labelledby={`${tabsId}-title`}>
      <div className="card-head">
        <h2 id={`${tabsId}-title`}>{t('preview.title')}</h2>
      </div>
      <div className="preview-controls">
        <label>
          <span>{t('preview.channel')}</span>
          <select value={channelId} onChange={(e) => setChannelId(e.target.value)}>
            <option value="">{t('preview.anyChannel')}</option>
            {channels.map((c) => <option key={c.id} value={c.id}>{c.name} ({c.type})</option>)}
          </select>
        </label>
        <label>
          <span>{t('preview.language')}</span>
          <select value={language} onChange={(e) => onLanguage(e.target.value as Language)}>
            {settings.languages.enabled.map((l) => <option key={l} value={l}>{l === 'id' ? 'Bahasa Indonesia' : 'English'}</option>)}
          </select>
        </label>
      </div>
      <div role="tablist" aria-label={t('preview.title')} className="tabs">
        {tabs.map(([key, label]) => (
          <button key={key} type="button" role="tab" id={`${tabsId}-${key}`} aria-selected={tab === key} aria-controls={`${tabsId}-panel`} tabIndex={tab === key ? 0 : -1}
            onClick={() => setTab(key)}
            onKeyDown={(e) => {
              const i = tabs.findIndex(([k]) => k === tab);
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]![0];
                setTab(next);
                document.getElementById(`${tabsId}-${next}`)?.focus();
              }
            }}>
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${tabsId}-panel`} aria-labelledby={`${tabsId}-${tab}`} className="preview-panel">
        {tab === 'message' ? (
          types.length === 0 ? <p className="empty-title">{t('preview.noSurvey')}</p> : <Message settings={settings} types={types} language={language} channel={channel} />
        ) : pageHtml ? (
          <iframe className="page-frame" title={tab === 'page' ? t('preview.page') : t('preview.thanks')} srcDoc={pageHtml} sandbox="" />
        ) : (
          <p className="empty-title">{t('preview.noSurvey')}</p>
        )}
      </div>
    </section>
  );
}
