/**
 * The Google Sheets part of an integration's form: the service account's JSON key (read in the browser,
 * sent once as the secret `serviceAccountKey`; afterwards only its client_email is shown, to share the
 * sheet with), the spreadsheet and sheet, the column mapping and what a follow-up does. Field errors
 * come back from the API under `config.*` and `secrets.serviceAccountKey*`.
 */
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api.js';
import type { FormErrors } from '../../../components/ResourcePage.js';
import { Field } from '../../../components/ui.js';
import { SHEET_VARIABLES, type SheetColumn } from '../../../../../src/domain/sheets/columns.js';

export interface SheetsForm {
  spreadsheet: string;
  sheetName: string;
  columns: SheetColumn[];
  followUp: 'update' | 'append';
  /** The uploaded key file's text, when one was chosen in this form (sent once, never shown). */
  keyFile: string | null;
  /** The service account's email: of the uploaded key, or the saved one. */
  clientEmail: string | null;
}

export const emptySheetsForm = (): SheetsForm => ({
  spreadsheet: '', sheetName: 'Sheet1', followUp: 'update', keyFile: null, clientEmail: null,
  columns: [{ variable: 'answered_at' }, { variable: 'survey_type' }, { variable: 'score' }, { variable: 'comment' }, { variable: 'agent' }, { variable: 'channel' }],
});

/** The saved config as the form edits it. */
export const sheetsFormOf = (config: Record<string, unknown>): SheetsForm => ({
  spreadsheet: String(config.spreadsheetId ?? ''), sheetName: String(config.sheetName ?? ''), columns: (config.columns as SheetColumn[] | undefined) ?? [],
  followUp: config.followUp === 'append' ? 'append' : 'update', keyFile: null, clientEmail: (config.clientEmail as string | null | undefined) ?? null,
});

export const sheetsConfigBody = (f: SheetsForm) => ({ spreadsheet: f.spreadsheet.trim(), sheetName: f.sheetName.trim(), columns: f.columns, followUp: f.followUp });
/** Secrets to send: the new key when one was uploaded, nothing otherwise (the saved key stays). */
export const sheetsSecretsBody = (f: SheetsForm): Record<string, string> => (f.keyFile ? { serviceAccountKey: f.keyFile } : {});

const emailOfKey = (text: string): string | null => {
  try {
    const k = JSON.parse(text) as { client_email?: unknown };
    return typeof k.client_email === 'string' ? k.client_email : null;
  } catch {
    return null;
  }
};

/** The first error under a path prefix (the key's fields report as secrets.serviceAccountKey.private_key …). */
const under = (errors: FormErrors, prefix: string) => Object.entries(errors).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1];

export function SheetsFields({ form: f, set, errors }: { form: SheetsForm; set: (p: Partial<SheetsForm>) => void; errors: FormErrors }) {
  const { t } = useTranslation();
  const fields = useQuery({ queryKey: ['/api/v1/contact-fields'], queryFn: () => api<{ items: { key: string; label?: string }[] }>('GET', '/api/v1/contact-fields') });
  const [readError, setReadError] = useState<string | null>(null);
  const mappingId = useId();
  const variables = [...SHEET_VARIABLES, ...(fields.data?.items ?? []).map((x) => `contact.${x.key}`)];
  const setColumn = (i: number, c: SheetColumn) => set({ columns: f.columns.map((x, j) => (j === i ? c : x)) });
  const move = (i: number, d: -1 | 1) => {
    const cols = [...f.columns];
    [cols[i], cols[i + d]] = [cols[i + d]!, cols[i]!];
    set({ columns: cols });
  };
  const variableLabel = (v: string) => (v.startsWith('contact.') ? t('sheets.contactField', { key: v.slice(8) }) : t(`sheets.var.${v}`, { defaultValue: v }));

  return (
    <>
      <Field label={t('sheets.key')} hint={t('sheets.keyHint')} error={readError ?? under(errors, 'secrets.serviceAccountKey')}>
        {(a) => (
          <input {...a} type="file" accept=".json,application/json" onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            const text = await file.text();
            const email = emailOfKey(text);
            setReadError(email ? null : t('sheets.keyUnreadable'));
            set({ keyFile: text, clientEmail: email ?? f.clientEmail });
          }} />
        )}
      </Field>
      {f.clientEmail && (
        <p className="notice" role="status">
          {t('sheets.shareWith')} <code className="wrap">{f.clientEmail}</code>
        </p>
      )}
      <Field label={t('sheets.spreadsheet')} hint={t('sheets.spreadsheetHint')} error={errors['config.spreadsheet']}>
        {(a) => <input {...a} value={f.spreadsheet} onChange={(e) => set({ spreadsheet: e.target.value })} placeholder="https://docs.google.com/spreadsheets/d/…/edit" />}
      </Field>
      <Field label={t('sheets.sheetName')} hint={t('sheets.sheetNameHint')} error={errors['config.sheetName']}>
        {(a) => <input {...a} value={f.sheetName} onChange={(e) => set({ sheetName: e.target.value })} />}
      </Field>
      <fieldset className="sheet-columns" aria-describedby={`${mappingId}-hint`}>
        <legend>{t('sheets.columns')}</legend>
        <p id={`${mappingId}-hint`} className="hint">{t('sheets.columnsHint')}</p>
        {errors['config.columns'] && <p className="error-text" role="alert">{errors['config.columns']}</p>}
        <ol>
          {f.columns.map((c, i) => {
            const isText = 'text' in c;
            const n = i + 1;
            const err = errors[`config.columns.${i}.variable`] ?? errors[`config.columns.${i}.text`] ?? errors[`config.columns.${i}`];
            return (
              <li key={i}>
                <select aria-label={t('sheets.columnKind', { n })} value={isText ? 'text' : 'variable'} onChange={(e) => setColumn(i, e.target.value === 'text' ? { text: '' } : { variable: 'score' })}>
                  <option value="variable">{t('sheets.kindVariable')}</option>
                  <option value="text">{t('sheets.kindText')}</option>
                </select>
                {isText
                  ? <input aria-label={t('sheets.columnText', { n })} value={c.text} onChange={(e) => setColumn(i, { text: e.target.value })} aria-invalid={err ? true : undefined} />
                  : (
                    <select aria-label={t('sheets.columnVariable', { n })} value={c.variable} onChange={(e) => setColumn(i, { variable: e.target.value } as SheetColumn)} aria-invalid={err ? true : undefined}>
                      {(variables.includes(c.variable) ? variables : [c.variable, ...variables]).map((v) => <option key={v} value={v}>{variableLabel(v)}</option>)}
                    </select>
                  )}
                <button type="button" className="button-quiet" aria-label={t('sheets.up', { n })} disabled={i === 0} onClick={() => move(i, -1)}>↑</button>
                <button type="button" className="button-quiet" aria-label={t('sheets.down', { n })} disabled={i === f.columns.length - 1} onClick={() => move(i, 1)}>↓</button>
                <button type="button" className="button-quiet" aria-label={t('sheets.remove', { n })} onClick={() => set({ columns: f.columns.filter((_, j) => j !== i) })}>✕</button>
                {err && <p className="error-text" role="alert">{err}</p>}
              </li>
            );
          })}
        </ol>
        <button type="button" className="button-quiet" onClick={() => set({ columns: [...f.columns, { variable: 'score' }] })}>{t('sheets.addColumn')}</button>
      </fieldset>
      <fieldset>
        <legend>{t('sheets.followUp')}</legend>
        {(['update', 'append'] as const).map((m) => (
          <label key={m} className="check">
            <input type="radio" name="sheets-follow-up" checked={f.followUp === m} onChange={() => set({ followUp: m })} /> {t(`sheets.followUpMode.${m}`)}
          </label>
        ))}
      </fieldset>
    </>
  );
}
