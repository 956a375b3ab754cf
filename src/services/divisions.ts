import { invalid, type ErrorDetail } from '../domain/errors.js';
import { liveChannelIds } from '../store/channels.js';
import type { Db } from '../store/db.js';
import { existingUserIds, saveDivision, type DivisionFields } from '../store/divisions.js';
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
