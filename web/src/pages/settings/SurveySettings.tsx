/**
 * Settings > Customer survey, following the Qontak page: a card per survey type with its switch, channel
 * scope, question, answers, scale and follow-up; greetings; sending. Saves as a new settings version
 * (If-Match, so a concurrent save is refused), shows the API's field errors next to their fields, warns
 * before leaving with unsaved changes, and previews everything live on the right.
 */
import { ToneCard } from './ToneCard.js';
import { ContactTargetingCard } from './ContactTargeting.js';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router';
import { api, ApiError } from '../../api.js';
import { Dialog } from '../../components/Dialog.js';
import { Card, ErrorNotice, Field, Loading, PageHeader, Switch } from '../../components/ui.js';
import { overriddenPaths, overrideBetween, resetOverride, settingsForDivision, CES_SCALE_MAX, CES_SCALE_MINS, CSAT_EMOJI, CSAT_EMOJI_STYLES, NPS_CATEGORIES, NPS_SCALE_MINS, npsCategoryRanges, cesBandRanges, QUESTION_MIN, scaleOf, scaleValues, type FollowUpMode, type Language, type LocalizedText, type SurveySettings, type SurveyType } from '../../domain.js';
import { Preview, type PreviewChannel } from './Preview.js';
import { SettingsHistory } from './SettingsHistory.js';
import { ListInput, NumberInput } from '../../components/TypedInputs.js';

interface Saved {
  version: number;
  settings: SurveySettings;
}

type Errors = Record<string, string>;
const clone = <T,>(v: T): T => structuredClone(v);
const languageName = (l: Language) => (l === 'id' ? 'Bahasa Indonesia' : 'English');

/** The language a field path is for (`csat.question.en`, `csat.labels.id.2`), if any. */
function languageOf(path: string): Language | null {
  const m = /(?:^|\.)(id|en)(?:\.|$)/.exec(path);
  return m ? (m[1] as Language) : null;
}

export function SurveySettingsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const saved = useQuery({ queryKey: ['settings'], queryFn: () => api<Saved>('GET', '/api/v1/settings/survey') });
  const channels = useQuery({ queryKey: ['channels'], queryFn: () => api<{ items: PreviewChannel[] }>('GET', '/api/v1/channels') });
  const [draft, setDraft] = useState<SurveySettings | null>(null);
  const [base, setBase] = useState<Saved | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [editLang, setEditLang] = useState<Language>('id');
  // '' edits the workspace settings; a division id edits what that division gets (its override).
  const [division, setDivision] = useState('');
  const divisions = useQuery({ queryKey: ['divisions'], queryFn: () => api<{ items: { id: string; name: string }[] }>('GET', '/api/v1/divisions') });
  // Bumped after a refused save: once the language with the first error shows, that field gets focus.
  const [focusError, setFocusError] = useState(0);
  useEffect(() => {
    if (focusError) document.querySelector<HTMLElement>('.settings-form [aria-invalid="true"]')?.focus();
  }, [focusError]);

  useEffect(() => {
    if (saved.data && !base) {
      setBase(saved.data);
      setDraft(clone(saved.data.settings));
      setEditLang(saved.data.settings.languages.default);
    }
  }, [saved.data, base]);

  const dirty = useMemo(() => !!draft && !!base && JSON.stringify(draft) !== JSON.stringify(base.settings), [draft, base]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  const blocker = useBlocker(dirty);

  if (saved.error) return <ErrorNotice error={saved.error} />;
  if (!draft || !base) return <Loading />;
  // The language being edited (and previewed); a language just switched off falls back to the default.
  const lang = draft.languages.enabled.includes(editLang) ? editLang : draft.languages.default;

  /** Replaces the division's override (none left: the division follows the workspace again). */
  const withOverride = (d: SurveySettings, override: Record<string, unknown>): SurveySettings => {
    const { [division]: _old, ...others } = d.divisionOverrides ?? {};
    const all = Object.keys(override).length ? { ...others, [division]: override } : others;
    const { divisionOverrides: _all, ...rest } = d;
    return Object.keys(all).length ? { ...rest, divisionOverrides: all } : rest;
  };
  /**
   * Changes the draft; the API error of a field goes away once the field is edited. For a division the
   * change is made to what it gets, and what then differs from the workspace becomes its override.
   */
  const update = (paths: string[], change: (s: SurveySettings) => void) => {
    setDraft((d) => {
      if (!division) {
        const next = clone(d!);
        change(next);
        return next;
      }
      const effective = clone(settingsForDivision(d!, division));
      change(effective);
      return withOverride(d!, overrideBetween(settingsForDivision(d!, null), effective));
    });
    const prefix = division ? `divisionOverrides.${division}.` : '';
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([p]) => !paths.some((path) => p === prefix + path || p.startsWith(`${prefix}${path}.`)))));
    setStatus(null);
  };
  const resetField = (path: string) => setDraft((d) => withOverride(d!, resetOverride((d!.divisionOverrides?.[division] ?? {}) as Record<string, unknown>, path)));
  const overridden = division ? overriddenPaths(draft.divisionOverrides?.[division]) : [];

  async function save() {
    setSaving(true);
    setStatus(null);
    try {
      const r = await api<Saved>('PUT', '/api/v1/settings/survey', draft, { 'if-match': `"${base!.version}"` });
      setBase(r);
      setDraft(clone(r.settings));
      setErrors({});
      setStatus({ kind: 'saved', text: t('survey.savedVersion', { version: r.version }) });
      client.setQueryData(['settings'], r);
    } catch (e) {
      if (e instanceof ApiError && e.details.length) {
        setErrors(Object.fromEntries(e.details.map((d) => [d.path, d.message])));
        setStatus({ kind: 'error', text: t('survey.fixErrors', { count: e.details.length }) });
        // Stay on this language when it shows an error; else go to the language of the first one.
        const shown = e.details.some((d) => [null, lang].includes(languageOf(d.path)));
        const other = e.details.map((d) => languageOf(d.path)).find((l) => l !== null);
        if (!shown && other) setEditLang(other);
        setFocusError((n) => n + 1);
      } else {
        setStatus({ kind: 'error', text: e instanceof ApiError ? e.message : t('common.unexpectedError') });
      }
    } finally {
      setSaving(false);
    }
  }

  const channelList = channels.data?.items ?? [];
  const view = division ? settingsForDivision(draft, division) : draft;
  // A division's problems come back under divisionOverrides.<id>.; shown next to the fields it edits.
  const prefix = `divisionOverrides.${division}.`;
  const shownErrors = division ? Object.fromEntries(Object.entries(errors).flatMap(([p, m]) => (p.startsWith(prefix) ? [[p.slice(prefix.length), m]] : []))) : errors;
  const props = { draft: view, update, errors: shownErrors, lang, channels: channelList };
  return (
    <div className="survey-settings">
      <PageHeader title={t('survey.title')}>
        <div className="segmented" role="group" aria-label={t('survey.editLanguage')}>
          {draft.languages.enabled.map((l) => {
            const count = Object.keys(errors).filter((p) => languageOf(p) === l).length;
            return (
              <button key={l} type="button" aria-pressed={lang === l} onClick={() => setEditLang(l)}>
                {languageName(l)}
                {count > 0 && <> <span className="tab-errors">{count}<span className="visually-hidden"> {t('survey.problemWord', { count })}</span></span></>}
              </button>
            );
          })}
        </div>
      </PageHeader>
      <p className="lead">{t('survey.lead')}</p>
      <div className="settings-grid">
        <form className="settings-form" onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
          <Card title={t('settingsMore.division')}>
            <Field label={t('settingsMore.division')} hint={division ? t('settingsMore.divisionHint') : undefined}>
              {(a) => (
                <select {...a} value={division} onChange={(e) => setDivision(e.target.value)}>
                  <option value="">{t('settingsMore.wholeWorkspace')}</option>
                  {(divisions.data?.items ?? []).map((d) => <option key={d.id} value={d.id}>{d.name}{draft.divisionOverrides?.[d.id] ? ' *' : ''}</option>)}
                </select>
              )}
            </Field>
            {division && (
              <>
                <p className="muted">{t('settingsMore.overridden', { count: overridden.length })}</p>
                <ul className="plain-list overridden-fields" aria-label={t('settingsMore.overriddenField')}>
                  {overridden.map((path) => (
                    <li key={path}>
                      <code>{path}</code>{' '}
                      <button type="button" className="button-quiet" onClick={() => resetField(path)}>{t('settingsMore.reset')}<span className="visually-hidden"> ({path})</span></button>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Card>
          <LanguagesCard {...props} />
          {(['csat', 'ces', 'nps'] as const).map((type) => <TypeCard key={type} type={type} {...props} />)}
          <ToneCard draft={draft} update={update} lang={lang} />
          <GreetingsCard {...props} />
          <SendingCard {...props} />
          <ContactTargetingCard {...props} />
          <SettingsHistory current={base.version} onRestored={(v) => { setBase(v); setDraft(clone(v.settings)); setErrors({}); }} />
          <div className="save-bar">
            <span role="status" className={status?.kind === 'error' ? 'error-text' : dirty ? 'dirty' : 'muted'}>
              {status?.text ?? (dirty ? t('survey.unsaved') : t('survey.version', { version: base.version }))}
            </span>
            <button type="button" className="button-quiet" disabled={!dirty || saving} onClick={() => { setDraft(clone(base.settings)); setErrors({}); setStatus(null); }}>{t('survey.discard')}</button>
            <button type="submit" className="button-primary" disabled={saving}>{saving ? t('common.saving') : t('survey.save')}</button>
          </div>
        </form>
        <aside className="settings-preview" aria-label={t('preview.title')}>
          <Preview settings={view} channels={channelList} language={lang} onLanguage={setEditLang} />
        </aside>
      </div>
      <Dialog
        open={blocker.state === 'blocked'}
        title={t('survey.leaveTitle')}
        onClose={() => blocker.reset?.()}
        footer={
          <>
            <button type="button" className="button-quiet" onClick={() => blocker.reset?.()}>{t('survey.stay')}</button>
            <button type="button" className="button-danger" onClick={() => blocker.proceed?.()}>{t('survey.leave')}</button>
          </>
        }
      >
        <p>{t('survey.leaveBody')}</p>
      </Dialog>
    </div>
  );
}

interface CardProps {
  draft: SurveySettings;
  update: (paths: string[], change: (s: SurveySettings) => void) => void;
  errors: Errors;
  lang: Language;
  channels: PreviewChannel[];
}

/** A text input for one language of a localized text. */
function LocalizedInput(p: CardProps & { path: string; label: string; get: (s: SurveySettings) => LocalizedText | undefined; set: (s: SurveySettings, v: LocalizedText) => void; multiline?: boolean; min?: number; hint?: ReactNode }) {
  const { t } = useTranslation();
  const value = p.get(p.draft)?.[p.lang] ?? '';
  const path = `${p.path}.${p.lang}`;
  const length = [...value.trim()].length;
  const counter = p.min !== undefined ? (
    <span className={`counter${length < p.min ? ' counter-short' : ''}`} aria-live="polite">{t('survey.characters', { count: length, min: p.min })}</span>
  ) : undefined;
  const error = p.errors[path] ?? p.errors[p.path];
  const onChange = (v: string) => p.update([p.path], (s) => p.set(s, { ...p.get(s), [p.lang]: v }));
  return (
    <Field label={`${p.label} (${p.lang.toUpperCase()})`} error={error} hint={p.hint} counter={counter}>
      {(a) => (p.multiline ? <textarea {...a} rows={2} lang={p.lang} value={value} onChange={(e) => onChange(e.target.value)} /> : <input {...a} lang={p.lang} value={value} onChange={(e) => onChange(e.target.value)} />)}
    </Field>
  );
}

function LanguagesCard({ draft, update, errors }: CardProps) {
  const { t } = useTranslation();
  return (
    <Card title={t('survey.languages')}>
      <fieldset className="inline-fieldset">
        <legend>{t('survey.languagesEnabled')}</legend>
        {(['id', 'en'] as const).map((l) => (
          <label key={l} className="check">
            <input type="checkbox" checked={draft.languages.enabled.includes(l)} onChange={(e) => update(['languages'], (s) => {
              s.languages.enabled = e.target.checked ? [...new Set([...s.languages.enabled, l])] : s.languages.enabled.filter((x) => x !== l);
              if (!s.languages.enabled.includes(s.languages.default) && s.languages.enabled[0]) s.languages.default = s.languages.enabled[0];
            })} />
            {languageName(l)}
          </label>
        ))}
      </fieldset>
      <Field label={t('survey.languageDefault')} error={errors['languages.default'] ?? errors['languages.enabled']}>
        {(a) => (
          <select {...a} value={draft.languages.default} onChange={(e) => update(['languages'], (s) => { s.languages.default = e.target.value as Language; })}>
            {draft.languages.enabled.map((l) => <option key={l} value={l}>{languageName(l)}</option>)}
          </select>
        )}
      </Field>
    </Card>
  );
}

function ChannelScope({ type, draft, update, errors, channels }: CardProps & { type: SurveyType }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const s = draft[type];
  const query = search.trim().toLowerCase();
  const visible = channels.filter((c) => c.name.toLowerCase().includes(query));
  // "Select all" acts on the channels the search shows, never on hidden ones.
  const allPicked = visible.length > 0 && visible.every((c) => picked.includes(c.id));
  const pickVisible = (on: boolean) => {
    const ids = visible.map((c) => c.id);
    setPicked((p) => (on ? [...new Set([...p, ...ids])] : p.filter((id) => !ids.includes(id))));
  };
  const name = `${type}-scope`;
  const openPicker = () => {
    setPicked(s.channelIds);
    setSearch('');
    setOpen(true);
  };
  return (
    <fieldset className="scope">
      <legend>{t('survey.channelScope')}</legend>
      <label className="radio"><input type="radio" name={name} checked={s.channelScope === 'all'} onChange={() => update([`${type}.channelScope`, `${type}.channelIds`], (d) => { d[type].channelScope = 'all'; })} />{t('survey.allChannels')}</label>
      <label className="radio"><input type="radio" name={name} checked={s.channelScope === 'selected'} onChange={() => { update([`${type}.channelScope`], (d) => { d[type].channelScope = 'selected'; }); if (!s.channelIds.length) openPicker(); }} />{t('survey.selectChannel')}</label>
      {s.channelScope === 'selected' && (
        <div className="scope-selected">
          <span>{s.channelIds.length ? channels.filter((c) => s.channelIds.includes(c.id)).map((c) => c.name).join(', ') : t('survey.noChannelSelected')}</span>
          <button type="button" className="button-quiet" onClick={openPicker}>{t('survey.chooseChannels', { count: s.channelIds.length })}</button>
        </div>
      )}
      {(errors[`${type}.channelIds`] || errors[`${type}.channelScope`]) && <p className="error-text" role="alert">{errors[`${type}.channelIds`] ?? errors[`${type}.channelScope`]}</p>}
      <Dialog
        open={open}
        title={t('survey.selectChannelTitle', { type: type.toUpperCase() })}
        onClose={() => setOpen(false)}
        footer={<button type="button" className="button-primary" onClick={() => { update([`${type}.channelIds`], (d) => { d[type].channelIds = picked; }); setOpen(false); }}>{t('survey.done')}</button>}
      >
        <label className="search">
          <span className="visually-hidden">{t('survey.searchChannel')}</span>
          <input type="search" placeholder={t('survey.searchChannel')} value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label className="check check-all">
          <input type="checkbox" checked={allPicked} disabled={!visible.length} onChange={(e) => pickVisible(e.target.checked)} />
          {query ? t('survey.selectAllShown', { count: visible.length }) : t('survey.selectAllChannels')}
        </label>
        <ul className="check-list">
          {visible.map((c) => (
            <li key={c.id}>
              <label className="check">
                <input type="checkbox" checked={picked.includes(c.id)} onChange={(e) => setPicked((p) => (e.target.checked ? [...p, c.id] : p.filter((x) => x !== c.id)))} />
                {c.name} <span className="muted">({c.type})</span>
              </label>
            </li>
          ))}
          {!visible.length && <li className="muted">{t('survey.noChannelFound')}</li>}
        </ul>
      </Dialog>
    </fieldset>
  );
}

function FollowUpFields(p: CardProps & { type: SurveyType }) {
  const { t } = useTranslation();
  const { type, draft, update } = p;
  const f = draft[type].followUp;
  const modes: FollowUpMode[] = type === 'nps' ? ['off', 'single', 'per_rating', 'per_category'] : ['off', 'single', 'per_rating'];
  const values = scaleValues(scaleOf(draft, type));
  return (
    <fieldset className="follow-up">
      <legend>{t('survey.followUp')}</legend>
      <Field label={t('survey.followUpMode')} error={p.errors[`${type}.followUp.mode`]}>
        {(a) => (
          <select {...a} value={f.mode} onChange={(e) => update([`${type}.followUp`], (s) => { s[type].followUp.mode = e.target.value as FollowUpMode; })}>
            {modes.map((m) => <option key={m} value={m}>{t(`survey.mode.${m}`)}</option>)}
          </select>
        )}
      </Field>
      {f.mode === 'single' && (
        <LocalizedInput {...p} path={`${type}.followUp.question`} label={t('survey.followUpQuestion')} get={(s) => s[type].followUp.question} set={(s, v) => { s[type].followUp.question = v; }} />
      )}
      {f.mode === 'per_rating' && values.map((v) => (
        <LocalizedInput key={v} {...p} path={`${type}.followUp.perRating.${v}`} label={t('survey.followUpForRating', { rating: type === 'csat' ? `${v} ${CSAT_EMOJI[draft.csat.emojiStyle][v - 1] ?? ''}` : v })}
          get={(s) => s[type].followUp.perRating?.[String(v)]} set={(s, val) => { s[type].followUp.perRating = { ...s[type].followUp.perRating, [String(v)]: val }; }} />
      ))}
      {f.mode === 'per_category' && NPS_CATEGORIES.map((c) => (
        <LocalizedInput key={c} {...p} path={`nps.followUp.perCategory.${c}`} label={t(`survey.category.${c}`, { ...npsCategoryRanges(draft.nps.scale)[c] })}
          get={(s) => s.nps.followUp.perCategory?.[c]} set={(s, val) => { s.nps.followUp.perCategory = { ...s.nps.followUp.perCategory, [c]: val }; }} />
      ))}
    </fieldset>
  );
}

/** Who gets this type (settings `<type>.targeting`): tags, sample share, minimum customer messages. */
function TargetingFields({ type, draft, update, errors }: CardProps & { type: SurveyType }) {
  const { t } = useTranslation();
  const tg = draft[type].targeting ?? {};
  const set = (key: keyof NonNullable<SurveySettings['csat']['targeting']>, value: unknown) =>
    update([`${type}.targeting.${key}`], (d) => { d[type].targeting = { ...d[type].targeting, [key]: value }; });
  const tags = (key: 'includeTags' | 'excludeTags') => (
    <Field label={t(`settingsMore.${key}`)} hint={t('settingsMore.tagsHint')} error={errors[`${type}.targeting.${key}`] ?? Object.entries(errors).find(([k]) => k.startsWith(`${type}.targeting.${key}.`))?.[1]}>
      {(a) => <ListInput {...a} value={tg[key] ?? []} onChange={(v) => set(key, v)} />}
    </Field>
  );
  const number = (key: 'samplePercent' | 'minCustomerMessages', min: number, max: number, fallback: number) => (
    <Field label={t(`settingsMore.${key}`)} error={errors[`${type}.targeting.${key}`]}>
      {(a) => <NumberInput {...a} min={min} max={max} value={tg[key]} fallback={fallback} onChange={(v) => set(key, v)} />}
    </Field>
  );
  return (
    <fieldset className="targeting">
      <legend>{t('settingsMore.targeting')}</legend>
      {tags('includeTags')}
      {tags('excludeTags')}
      <div className="number-row">{number('samplePercent', 0, 100, 100)}{number('minCustomerMessages', 0, 1000, 0)}</div>
    </fieldset>
  );
}

function TypeCard(p: CardProps & { type: SurveyType }) {
  const { t } = useTranslation();
  const { type, draft, update, lang, errors } = p;
  const s = draft[type];
  const title = t(`survey.types.${type}.title`);
  return (
    <Card
      className={`type-card${s.enabled ? '' : ' is-off'}`}
      title={<>{title} <span className="muted">{t(`survey.types.${type}.name`)}</span></>}
      actions={<Switch label={s.enabled ? t('survey.on') : t('survey.off')} checked={s.enabled} onChange={(v) => update([`${type}.enabled`], (d) => { d[type].enabled = v; })} />}
    >
      <p className="muted">{t(`survey.types.${type}.description`)}</p>
      {s.enabled && (
        <div className="type-fields">
          <ChannelScope {...p} />
          <LocalizedInput {...p} path={`${type}.question`} label={t('survey.question')} multiline min={QUESTION_MIN} get={(d) => d[type].question} set={(d, v) => { d[type].question = v; }} />
          {type === 'csat' && (
            <>
              <fieldset className="inline-fieldset">
                <legend>{t('survey.emojiStyle')}</legend>
                {CSAT_EMOJI_STYLES.map((style) => (
                  <label key={style} className="radio emoji-choice">
                    <input type="radio" name="csat-emoji" checked={draft.csat.emojiStyle === style} onChange={() => update(['csat.emojiStyle'], (d) => { d.csat.emojiStyle = style; })} />
                    <span aria-hidden="true">{CSAT_EMOJI[style].join(' ')}</span>
                    <span className="visually-hidden">{t(`survey.emoji.${style}`)}</span>
                  </label>
                ))}
              </fieldset>
              <div className="labels-grid">
                {[0, 1, 2, 3, 4].map((i) => (
                  <Field key={i} label={`${CSAT_EMOJI[draft.csat.emojiStyle][i]} ${t('survey.answerLabel', { n: i + 1 })}`} error={errors[`csat.labels.${lang}.${i}`] ?? (i === 0 ? errors[`csat.labels.${lang}`] : undefined)}>
                    {(a) => <input {...a} lang={lang} value={draft.csat.labels[lang]?.[i] ?? ''} onChange={(e) => update([`csat.labels.${lang}`], (d) => {
                      const labels = [...(d.csat.labels[lang] ?? ['', '', '', '', ''])];
                      labels[i] = e.target.value;
                      d.csat.labels[lang] = labels;
                    })} />}
                  </Field>
                ))}
              </div>
              <Field label={t('survey.satisfiedThreshold')} hint={t('survey.satisfiedHint')} error={errors['csat.satisfiedThreshold']}>
                {(a) => (
                  <select {...a} value={draft.csat.satisfiedThreshold} onChange={(e) => update(['csat.satisfiedThreshold'], (d) => { d.csat.satisfiedThreshold = Number(e.target.value); })}>
                    {[2, 3, 4, 5].map((v) => <option key={v} value={v}>{v}</option>)}
                  </select>
                )}
              </Field>
            </>
          )}
          {type !== 'csat' && (
            <div className="scale-row">
              <Field label={t('survey.scaleMin')} error={errors[`${type}.scale.min`]}>
                {(a) => (
                  <select {...a} value={draft[type].scale.min} onChange={(e) => update([`${type}.scale`], (d) => { d[type].scale.min = Number(e.target.value) as 0 | 1; })}>
                    {(type === 'nps' ? NPS_SCALE_MINS : CES_SCALE_MINS).map((v) => <option key={v} value={v}>{v}</option>)}
                  </select>
                )}
              </Field>
              <Field label={t('survey.scaleMax')} error={errors[`${type}.scale.max`]}>
                {(a) => (
                  <select {...a} value={draft[type].scale.max} disabled={type === 'nps'} onChange={(e) => update([`${type}.scale`], (d) => { if (type === 'ces') d.ces.scale.max = Number(e.target.value); })}>
                    {(type === 'ces' ? scaleValues({ min: CES_SCALE_MAX.min, max: CES_SCALE_MAX.max }) : [10]).map((v) => <option key={v} value={v}>{v}</option>)}
                  </select>
                )}
              </Field>
              <LocalizedInput {...p} path={`${type}.lowLabel`} label={t('survey.lowLabel', { value: draft[type].scale.min })} get={(d) => (d[type] as SurveySettings['ces']).lowLabel} set={(d, v) => { (d[type] as SurveySettings['ces']).lowLabel = v; }} />
              <LocalizedInput {...p} path={`${type}.highLabel`} label={t('survey.highLabel', { value: draft[type].scale.max })} get={(d) => (d[type] as SurveySettings['ces']).highLabel} set={(d, v) => { (d[type] as SurveySettings['ces']).highLabel = v; }} />
              {type === 'ces' && <p className="hint">{t('settingsMore.cesBands', Object.fromEntries(Object.entries(cesBandRanges(draft.ces.scale)).map(([k, r]) => [k, r.to < r.from ? '—' : r.from === r.to ? `${r.from}` : `${r.from}–${r.to}`])))}</p>}
            </div>
          )}
          <TargetingFields {...p} />
          <FollowUpFields {...p} />
        </div>
      )}
    </Card>
  );
}

function GreetingsCard(p: CardProps) {
  const { t } = useTranslation();
  return (
    <Card title={t('survey.greetings')}>
      <LocalizedInput {...p} path="greetings.closing" label={t('survey.closing')} multiline get={(s) => s.greetings.closing} set={(s, v) => { s.greetings.closing = v; }} hint={t('survey.closingHint')} />
      <LocalizedInput {...p} path="greetings.title" label={t('survey.surveyTitle')} get={(s) => s.greetings.title} set={(s, v) => { s.greetings.title = v; }} />
      <LocalizedInput {...p} path="greetings.thankYou" label={t('survey.thankYou')} multiline get={(s) => s.greetings.thankYou} set={(s, v) => { s.greetings.thankYou = v; }} />
    </Card>
  );
}

function SendingCard({ draft, update, errors }: CardProps) {
  const { t } = useTranslation();
  const number = (key: 'delayMinutes' | 'expiryHours' | 'cooldownDays' | 'reminderAfterHours', min: number, max: number) => (
    <Field label={t(`survey.sending.${key}`)} hint={t(`survey.sending.${key}Hint`)} error={errors[`sending.${key}`]}>
      {(a) => <input {...a} type="number" inputMode="numeric" min={min} max={max} value={Number.isNaN(draft.sending[key]) ? '' : draft.sending[key] ?? 0} onChange={(e) => update([`sending.${key}`], (s) => { s.sending[key] = e.target.value === '' ? Number.NaN : Number(e.target.value); })} />}
    </Field>
  );
  return (
    <Card title={t('survey.sendingTitle')}>
      <fieldset className="inline-fieldset">
        <legend>{t('survey.sendingMethod')}</legend>
        <label className="radio"><input type="radio" name="method" checked={draft.sending.method === 'automatic'} onChange={() => update(['sending.method'], (s) => { s.sending.method = 'automatic'; })} />{t('survey.automatic')}</label>
        <label className="radio"><input type="radio" name="method" checked={draft.sending.method === 'manual'} onChange={() => update(['sending.method'], (s) => { s.sending.method = 'manual'; })} />{t('survey.manual')}</label>
      </fieldset>
      <p className="hint">{draft.sending.method === 'automatic' ? t('survey.automaticHint') : t('survey.manualHint')}</p>
      <div className="number-row">
        {number('delayMinutes', 0, 1440)}
        {number('expiryHours', 1, 720)}
        {number('cooldownDays', 0, 365)}
        {number('reminderAfterHours', 0, 719)}
      </div>
      <label className="check">
        <input type="checkbox" checked={draft.sending.reminderInBusinessHours ?? false} disabled={!draft.sending.reminderAfterHours} onChange={(e) => update(['sending.reminderInBusinessHours'], (s) => { s.sending.reminderInBusinessHours = e.target.checked; })} />
        {t('survey.sending.reminderInBusinessHours')}
      </label>
      <Field label={t('settingsMore.requestLabel')} hint={t('settingsMore.requestLabelHint')} error={errors['sending.requestLabel']}>
        {(a) => <input {...a} value={draft.sending.requestLabel ?? 'send-survey'} onChange={(e) => update(['sending.requestLabel'], (s) => { s.sending.requestLabel = e.target.value; })} />}
      </Field>
    </Card>
  );
}
