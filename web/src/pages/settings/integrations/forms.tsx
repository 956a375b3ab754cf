/**
 * One form per kind of integration: how the kind's settings are edited and sent. The page picks the form
 * by kind; a new kind (Google Sheets) adds its entry to KIND_FORMS.
 */
import type { ReactNode } from 'react';
import type { FormErrors } from '../../../components/ResourcePage.js';
import { HttpForm, httpConfigFromForm, httpFormFromConfig, type HttpFormState } from './HttpForm.js';

export interface KindForm<S = any> {
  /** i18n key of the kind's name. */
  label: string;
  empty: () => S;
  fromConfig: (config: Record<string, unknown>) => S;
  toConfig: (state: S) => Record<string, unknown>;
  render: (p: { state: S; set: (s: S) => void; errors: FormErrors; secrets: Record<string, string> }) => ReactNode;
}

export const KIND_FORMS: Record<string, KindForm> = {
  http: {
    label: 'integrations.kinds.http',
    empty: () => httpFormFromConfig({}),
    fromConfig: httpFormFromConfig,
    toConfig: httpConfigFromForm,
    render: (p) => <HttpForm {...(p as { state: HttpFormState; set: (s: HttpFormState) => void; errors: FormErrors; secrets: Record<string, string> })} />,
  } satisfies KindForm<HttpFormState>,
};
