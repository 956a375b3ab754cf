import { getCurrentSettings } from '../store/survey-settings.js';
import { AppError, invalid, type ErrorDetail } from '../domain/errors.js';
import { liveChannelIds } from '../store/channels.js';
import type { Db } from '../store/db.js';
import { deleteDivision, existingUserIds, saveDivision, type DivisionFields } from '../store/divisions.js';
import { isUuid } from '../lib/secret-token.js';

/** Saves a division after checking that its supervisor, agents and channels belong to the workspace. */
export async function saveDivisionChecked(db: Db, workspaceId: string, id: string | null, f: DivisionFields) {
  const details: ErrorDetail[] = [];
  const userIds = [...f.agentIds, ...(f.supervisorId ? [f.supervisorId] : [])].filter(isUuid);
  const users = await existingUserIds(db, workspaceId, userIds);
  const channels = await liveChannelIds(db, workspaceId);
  if (f.supervisorId && !users.has(f.supervisorId)) details.push({ path: 'supervisorId', message: 'No such user in this workspace.' });
  f.agentIds.forEach((a, i) => users.has(a) || details.push({ path: `agentIds.${i}`, message: 'No such user in this workspace.' }));
  f.channelIds.forEach((c, i) => channels.has(c) || details.push({ path: `channelIds.${i}`, message: 'No such channel in this workspace.' }));
  if (details.length) throw invalid(details);
  return saveDivision(db, workspaceId, id, f);
}

/**
 * Deletes a division unless the survey settings in force override fields for it: the next save of the
 * settings would be refused for naming a division that no longer exists (as a channel the settings
 * select cannot be archived, services/channels deleteChannel).
 */
export async function deleteDivisionChecked(db: Db, workspaceId: string, id: string): Promise<void> {
  const { settings, version } = await getCurrentSettings(db, workspaceId);
  if (settings.divisionOverrides?.[id]) {
    throw new AppError('conflict', `The survey settings (version ${version}) have fields set for this division. Reset them to the workspace's values (Customer survey → Settings for this division) first.`, [
      { path: `divisionOverrides.${id}`, message: 'sets fields for this division' },
    ]);
  }
  await deleteDivision(db, workspaceId, id);
}
