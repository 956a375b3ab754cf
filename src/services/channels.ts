import { AppError, notFound } from '../domain/errors.js';
import { SURVEY_TYPES } from '../domain/settings/schema.js';
import { archiveChannel } from '../store/channels.js';
import type { Db } from '../store/db.js';
import { getCurrentSettings } from '../store/survey-settings.js';

/** Archives a channel unless the settings in force select it (which would break their scope). */
export async function deleteChannel(db: Db, workspaceId: string, id: string): Promise<void> {
  const { settings, version } = await getCurrentSettings(db, workspaceId);
  const usedBy = SURVEY_TYPES.filter((t) => settings[t].channelScope === 'selected' && settings[t].channelIds.includes(id));
  if (usedBy.length) {
    throw new AppError(
      'conflict',
      `The survey settings (version ${version}) select this channel for ${usedBy.map((t) => t.toUpperCase()).join(', ')}. Remove it there first.`,
      usedBy.map((t) => ({ path: `${t}.channelIds`, message: 'selects this channel' })),
    );
  }
  if (!(await archiveChannel(db, workspaceId, id))) throw notFound('Channel');
}
