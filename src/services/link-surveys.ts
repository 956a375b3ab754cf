/**
 * Link surveys: a link channel's shareable link (anonymous, one survey per browser) and personal links
 * for a contact (single use: the survey answers once; with an expiry). Both are invitations of source
 * `link` answered on the hosted survey page (/s/:token), like any other survey.
 */
import { randomUUID } from 'node:crypto';
import { invalid, notFound } from '../domain/errors.js';
import { pickLanguage, surveyTypesForChannel } from '../domain/render/survey-steps.js';
import type { Keys } from '../lib/keys.js';
import { hashSecret, isUuid } from '../lib/secret-token.js';
import { getChannel, getChannelForSending } from '../store/channels.js';
import { upsertContact } from '../store/conversations.js';
import type { Db } from '../store/db.js';
import { insertInvitation, setInvitationStatus } from '../store/invitations.js';
import { getCurrentSettings } from '../store/survey-settings.js';
import { surveyUrl } from './dispatch.js';

interface LinkInput {
  workspaceId: string;
  channelId: string;
  contactId: string | null;
  language: string | null | undefined;
  expiresAt: (defaultHours: number) => Date;
}

/** A new link invitation, counted as delivered (it is in the visitor's hands); its token, or null without a survey. */
async function createLinkInvitation(db: Db, keys: Keys, input: LinkInput): Promise<{ id: string; token: string; expiresAt: Date } | null> {
  const { settings, version } = await getCurrentSettings(db, input.workspaceId);
  const types = surveyTypesForChannel(settings, input.channelId);
  if (!types.length) return null;
  const id = randomUUID();
  const now = new Date();
  const expiresAt = input.expiresAt(settings.sending.expiryHours);
  await db.transaction().execute(async (trx) => {
    await insertInvitation(trx, {
      id, workspace_id: input.workspaceId, conversation_id: null, contact_id: input.contactId, channel_id: input.channelId,
      token_hash: hashSecret(keys.invitationToken(id)), survey_types: types, settings_version: version,
      language: pickLanguage(settings, input.language), trigger: 'link', source: 'link', status: 'scheduled', send_after: now, expires_at: expiresAt,
    });
    await setInvitationStatus(trx, id, 'delivered', { sentAt: now, deliveredAt: now });
  });
  return { id, token: keys.invitationToken(id), expiresAt };
}

/** The shareable link opened by a new browser: its own invitation (the caller keeps its token in a cookie). */
export async function openSharedLink(db: Db, keys: Keys, channelId: string, acceptLanguage: string | undefined): Promise<string | null> {
  const channel = isUuid(channelId) ? await getChannelForSending(db, channelId) : null;
  if (!channel || channel.type !== 'link' || channel.archived) return null;
  const inv = await createLinkInvitation(db, keys, {
    workspaceId: channel.workspaceId, channelId, contactId: null, language: acceptLanguage,
    expiresAt: (hours) => new Date(Date.now() + hours * 3_600_000),
  });
  return inv?.token ?? null;
}

/** A personal, single-use link for one contact (created through the API or the admin app). */
export async function createPersonalLink(db: Db, keys: Keys, publicUrl: string, workspaceId: string, channelId: string, input: { contact: { id: string; name?: string; email?: string; locale?: string }; expiresInHours?: number }) {
  const channel = isUuid(channelId) ? await getChannel(db, workspaceId, channelId) : null;
  if (!channel) throw notFound('Channel');
  if (channel.type !== 'link') throw invalid([{ path: 'params.id', message: `is a ${channel.type} channel; personal links belong to link channels` }]);
  const contact = await upsertContact(db, workspaceId, input.contact);
  const inv = await createLinkInvitation(db, keys, {
    workspaceId, channelId, contactId: contact.id, language: input.contact.locale ?? contact.locale,
    expiresAt: (hours) => new Date(Date.now() + (input.expiresInHours ?? hours) * 3_600_000),
  });
  if (!inv) throw invalid([{ path: 'params.id', message: 'no enabled survey includes this channel (Settings → Customer survey)' }]);
  return { invitationId: inv.id, url: surveyUrl(publicUrl, inv.token), expiresAt: inv.expiresAt.toISOString() };
}
