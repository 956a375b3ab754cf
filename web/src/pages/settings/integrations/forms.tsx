/**
 * One form per kind of integration: how the kind's settings are edited and sent. The page picks the form
 * by kind; a new kind (Google Sheets) adds its entry to KIND_FORMS.
 */
import type { ReactNode } from 'react';
import type { FormErrors } from '../../../components/ResourcePage.js';
import { HttpForm, httpConfigFromForm, httpFormFromConfig, type HttpFormState } from './HttpForm.js';
import { emptySheetsForm, SheetsFields, sheetsConfigBody, sheetsFormOf, sheetsSecretsBody, type SheetsForm } from './SheetsFields.js';

export interface KindForm<S = any> {
  /** i18n key of the kind's name. */
  label: string;
  empty: () => S;
  fromConfig: (config: Record<string, unknown>) => S;
  toConfig: (state: S) => Record<string, unknown>;
  render: (p: { state: S; set: (s: S) => void; errors: FormErrors; secrets: Record<string, string> }) => ReactNode;
  /** Secrets the kind's own form collects (the Sheets key file), sent with those of the secrets editor. */
  toSecrets?: (state: S) => Record<string, string>;
  /** The kind asks for its secrets itself: no generic secrets editor. */
  ownSecrets?: boolean;
}

export const KIND_FORMS: Record<string, KindForm> = {
  http: {
    label: 'integrations.kinds.http',
    empty: () => httpFormFromConfig({}),
    fromConfig: httpFormFromConfig,
    toConfig: httpConfigFromForm,
    render: (p) => <HttpForm {...(p as { state: HttpFormState; set: (s: HttpFormState) => void; errors: FormErrors; secrets: Record<string, string> })} />,
  } satisfies KindForm<HttpFormState>,
  sheets: {
    label: 'sheets.kind',
    empty: emptySheetsForm,
    fromConfig: sheetsFormOf,
    toConfig: sheetsConfigBody,
    toSecrets: sheetsSecretsBody,
    ownSecrets: true,
    render: (p) => <SheetsFields form={p.state as SheetsForm} set={(patch) => p.set({ ...(p.state as SheetsForm), ...patch })} errors={p.errors} />,
  } satisfies KindForm<SheetsForm>,
};
