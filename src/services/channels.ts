import { randomBytes } from 'node:crypto';
import { validateChannelConfig, validateChannelCredentials, type ChannelConfig, type ChannelCredentials } from '../domain/channels/config.js';
import { AppError, invalid, notFound } from '../domain/errors.js';
import { SURVEY_TYPES } from '../domain/settings/schema.js';
import type { Keys } from '../lib/keys.js';
import { archiveChannel, createChannel, getChannel, updateChannel } from '../store/channels.js';
import type { Db } from '../store/db.js';
import { getCurrentSettings } from '../store/survey-settings.js';
import type { ChannelType } from '../store/types.js';

/** A Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. */
const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** Creates a channel; a web channel gets a signing secret, returned this once. */
export async function addChannel(db: Db, keys: Keys, workspaceId: string, input: { name: string; type: ChannelType; config?: ChannelConfig; credentials?: ChannelCredentials }) {
  const config = input.config ?? {};
  const issues = [...validateChannelConfig(input.type, config), ...validateChannelCredentials(input.type, input.credentials, true)];
  if (issues.length) throw invalid(issues);
  const signingSecret = input.type === 'web' ? newSigningSecret() : null;
  const secret = signingSecret ?? input.credentials?.smtpUrl ?? null;
  const channel = await createChannel(db, workspaceId, { name: input.name, type: input.type, config, secretEncrypted: secret ? keys.encrypt(secret) : null });
  return { ...channel, signingSecret };
}

export async function changeChannel(db: Db, keys: Keys, workspaceId: string, id: string, patch: { name?: string; config?: ChannelConfig; credentials?: ChannelCredentials }) {
  const current = await getChannel(db, workspaceId, id);
  if (!current) throw notFound('Channel');
  const issues = [...(patch.config ? validateChannelConfig(current.type, patch.config) : []), ...validateChannelCredentials(current.type, patch.credentials, false)];
  if (issues.length) throw invalid(issues);
  const smtpUrl = patch.credentials?.smtpUrl;
  const updated = await updateChannel(db, workspaceId, id, { name: patch.name, config: patch.config, ...(smtpUrl && { secretEncrypted: keys.encrypt(smtpUrl) }) });
  return updated ?? Promise.reject(notFound('Channel'));
}

/** Replaces a web channel's signing secret; the old one stops verifying at once. */
export async function rotateChannelSecret(db: Db, keys: Keys, workspaceId: string, id: string) {
  const current = await getChannel(db, workspaceId, id);
  if (!current) throw notFound('Channel');
  if (current.type !== 'web') throw new AppError('conflict', `A ${current.type} channel has no signing secret to rotate.`);
  const signingSecret = newSigningSecret();
  await updateChannel(db, workspaceId, id, { secretEncrypted: keys.encrypt(signingSecret) });
  return { signingSecret };
}

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
