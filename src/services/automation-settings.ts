/** Reads and saves the inbox automation settings (defaults until saved; division overrides must exist). */
import { DEFAULT_AUTO_RESOLVE, DEFAULT_AUTO_RESPONDER, type AutoResolveSettings, type AutoResponderSettings } from '../domain/automation/settings.js';
import { invalid } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { getAutomationDocument, putAutomationDocument } from '../store/automation-settings.js';
import { existingDivisionIds } from '../store/divisions.js';

export async function getAutoResponder(db: Db, workspaceId: string): Promise<{ settings: AutoResponderSettings; updatedAt: string | null }> {
  const r = await getAutomationDocument(db, workspaceId, 'auto_responder');
  return { settings: (r?.document as AutoResponderSettings | undefined) ?? DEFAULT_AUTO_RESPONDER, updatedAt: r?.updatedAt ?? null };
}

export async function getAutoResolve(db: Db, workspaceId: string): Promise<{ settings: AutoResolveSettings; updatedAt: string | null }> {
  const r = await getAutomationDocument(db, workspaceId, 'auto_resolve');
  return { settings: (r?.document as AutoResolveSettings | undefined) ?? DEFAULT_AUTO_RESOLVE, updatedAt: r?.updatedAt ?? null };
}

export async function saveAutoResponder(db: Db, workspaceId: string, s: AutoResponderSettings) {
  const ids = s.divisions.map((d) => d.divisionId);
  const known = await existingDivisionIds(db, workspaceId, ids);
  const details = s.divisions.flatMap((d, i) => [
    ...(!known.has(d.divisionId) ? [{ path: `divisions.${i}.divisionId`, message: 'No such division in this workspace.' }] : []),
    ...(ids.indexOf(d.divisionId) !== i ? [{ path: `divisions.${i}.divisionId`, message: 'This division already has an override above.' }] : []),
  ]);
  if (details.length) throw invalid(details, 'The auto responder settings are invalid.');
  return { settings: s, updatedAt: await putAutomationDocument(db, workspaceId, 'auto_responder', s) };
}

export async function saveAutoResolve(db: Db, workspaceId: string, s: AutoResolveSettings) {
  return { settings: s, updatedAt: await putAutomationDocument(db, workspaceId, 'auto_resolve', s) };
}
