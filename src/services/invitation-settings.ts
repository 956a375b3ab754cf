import { settingsForDivision } from '../domain/settings/division-settings.js';
import type { SurveySettings } from '../domain/settings/schema.js';
import type { Db } from '../store/db.js';
import { getSettingsVersion } from '../store/survey-settings.js';

/**
 * The settings an invitation was made with: its settings version, as its division gets it (the
 * division is the conversation's at resolve, kept on the invitation), so later saves never change a
 * survey already sent.
 */
export async function invitationSettings(db: Db, inv: { workspace_id: string; settings_version: number; division_id: string | null }): Promise<SurveySettings> {
  const { settings } = (await getSettingsVersion(db, inv.workspace_id, inv.settings_version))!;
  // A version never changes (getSettingsVersion keeps it in memory), so neither does its merge for a division.
  let perDivision = merged.get(settings);
  if (!perDivision) merged.set(settings, (perDivision = new Map()));
  const key = inv.division_id ?? '';
  let found = perDivision.get(key);
  if (!found) perDivision.set(key, (found = settingsForDivision(settings, inv.division_id)));
  return found;
}

const merged = new WeakMap<SurveySettings, Map<string, SurveySettings>>();
