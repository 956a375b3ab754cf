/**
 * The kinds of integration nilai can deliver to, by name. Adding a kind: a file in this folder exporting
 * an IntegrationKindDef (validate + deliver), one line here, its name in store/integrations
 * INTEGRATION_KINDS and the migration's check, and its form in the admin app (web/src/pages/settings/
 * integrations/forms.tsx).
 */
import type { IntegrationKind } from '../../../store/integrations.js';
import { httpKind } from './http.js';
import { sheetsKind } from './sheets.js';
import type { IntegrationKindDef } from './types.js';

export const KINDS: Partial<Record<IntegrationKind, IntegrationKindDef<any>>> = {
  http: httpKind,
  sheets: sheetsKind,
};

export const kindOf = (kind: IntegrationKind): IntegrationKindDef<any> | null => KINDS[kind] ?? null;
