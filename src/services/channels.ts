import { randomBytes } from 'node:crypto';
import type { ChannelAdapter, ChannelCache, ChannelContext, TestResult } from '../channels/types.js';
import {
  maskCredentials,
  validateChannelConfig,
  validateChannelCredentials,
  type ChannelConfig,
  type ChannelCredentials,
  type StoredCredentials,
} from '../domain/channels/config.js';
import { AppError, invalid, notFound } from '../domain/errors.js';
import { SURVEY_TYPES, type Language } from '../domain/settings/schema.js';
import type { Keys } from '../lib/keys.js';
import { maskUrlUserinfo } from '../lib/redact.js';
import { archiveChannel, createChannel, getChannel, getChannelForSending, updateChannel, type Channel } from '../store/channels.js';
import { getCached, setCached } from '../store/channel-cache.js';
import type { Db } from '../store/db.js';
import { getCurrentSettings } from '../store/survey-settings.js';
import type { ChannelType } from '../store/types.js';

/** A Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. */
const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
const newToken = () => randomBytes(24).toString('base64url');
/** A widget's identity secret: the site's server signs signed-in visitors with it (HMAC-SHA256). */
const newIdentitySecret = () => `wid_${randomBytes(32).toString('base64url')}`;

/**
 * The stored credentials of a channel. Before credentials became an object, a web channel stored its
 * signing secret and an email channel its SMTP URL as a bare string; both are still read.
 */
export function readCredentials(keys: Keys, c: { type: ChannelType; secretEncrypted: string | null }): StoredCredentials {
  if (!c.secretEncrypted) return {};
  // A ciphertext never changes its plaintext (a new secret is a new ciphertext): decrypted once per process.
  let known = decrypted.get(keys);
  if (!known) decrypted.set(keys, (known = new Map()));
  const key = `${c.type}:${c.secretEncrypted}`;
  let found = known.get(key);
  if (!found) {
    const plain = keys.decrypt(c.secretEncrypted);
    found = Object.freeze(plain.startsWith('{') ? JSON.parse(plain) as StoredCredentials : c.type === 'web' ? { signingSecret: plain } : c.type === 'email' ? { smtpUrl: plain } : {});
    if (known.size >= 1000) known.clear();
    known.set(key, found);
  }
  return found;
}

const decrypted = new WeakMap<Keys, Map<string, StoredCredentials>>();

const sealCredentials = (keys: Keys, c: StoredCredentials) => (Object.keys(c).length ? keys.encrypt(JSON.stringify(c)) : null);

/** Configured URLs that may carry user:password@; the API shows them masked. */
const URL_FIELDS = ['callbackUrl', 'baseUrl', 'apiBaseUrl'] as const;

function maskConfigUrls(config: ChannelConfig): ChannelConfig {
  const out = { ...config };
  for (const k of URL_FIELDS) if (out[k]) out[k] = maskUrlUserinfo(out[k]);
  return out;
}

/** A channel as the API shows it: credentials and URL passwords masked, the encrypted blob left out. */
export function presentChannel(keys: Keys, c: Channel) {
  const { secretEncrypted: _sealed, ...rest } = c;
  return { ...rest, config: maskConfigUrls(c.config), credentials: maskCredentials(readCredentials(keys, c)) };
}

/** A URL sent back as it was shown (masked) keeps the stored one, so editing a name loses no password. */
function unmaskConfigUrls(current: ChannelConfig, patch: ChannelConfig): ChannelConfig {
  const out = { ...patch };
  for (const k of URL_FIELDS) {
    const stored = current[k];
    if (stored && out[k] === maskUrlUserinfo(stored) && out[k] !== stored) out[k] = stored;
  }
  return out;
}

/** Creates a channel; a web channel gets a signing secret, a widget channel an identity secret, returned this once. */
export async function addChannel(db: Db, keys: Keys, workspaceId: string, input: { name: string; type: ChannelType; config?: ChannelConfig; credentials?: ChannelCredentials }, messages: Language = 'en') {
  const config: ChannelConfig = { ...input.config };
  const issues = [...validateChannelConfig(input.type, config, true, messages), ...validateChannelCredentials(input.type, input.credentials, true, messages)];
  if (issues.length) throw invalid(issues);
  const credentials: StoredCredentials = { ...input.credentials };
  if (input.type === 'web') credentials.signingSecret = newSigningSecret();
  if (input.type === 'widget') credentials.signingSecret = newIdentitySecret();
  if (input.type === 'telegram' && !credentials.webhookSecret) credentials.webhookSecret = newToken();
  if (input.type === 'whatsapp' && !config.verifyToken) config.verifyToken = newToken();
  const channel = await createChannel(db, workspaceId, { name: input.name, type: input.type, config, secretEncrypted: sealCredentials(keys, credentials) });
  return { ...presentChannel(keys, channel), signingSecret: credentials.signingSecret ?? null };
}

/** Changes name, configuration (fields given replace the stored ones) or credentials (likewise). */
export async function changeChannel(db: Db, keys: Keys, workspaceId: string, id: string, patch: { name?: string; config?: ChannelConfig; credentials?: ChannelCredentials }, messages: Language = 'en') {
  const current = await getChannel(db, workspaceId, id);
  if (!current) throw notFound('Channel');
  const config = patch.config ? { ...current.config, ...unmaskConfigUrls(current.config, patch.config) } : undefined;
  const issues = [...(config ? validateChannelConfig(current.type, config, true, messages) : []), ...validateChannelCredentials(current.type, patch.credentials, false, messages)];
  if (issues.length) throw invalid(issues);
  const credentials = patch.credentials && Object.keys(patch.credentials).length ? { ...readCredentials(keys, current), ...patch.credentials } : null;
  const updated = await updateChannel(db, workspaceId, id, { name: patch.name, config, ...(credentials && { secretEncrypted: sealCredentials(keys, credentials)! }) });
  if (!updated) throw notFound('Channel');
  return presentChannel(keys, updated);
}

/** Replaces a web channel's signing secret; the old one stops verifying at once. */
export async function rotateChannelSecret(db: Db, keys: Keys, workspaceId: string, id: string) {
  const current = await getChannel(db, workspaceId, id);
  if (!current) throw notFound('Channel');
  if (current.type !== 'web' && current.type !== 'widget') throw new AppError('conflict', `A ${current.type} channel has no signing secret to rotate.`);
  const signingSecret = current.type === 'widget' ? newIdentitySecret() : newSigningSecret();
  await updateChannel(db, workspaceId, id, { secretEncrypted: sealCredentials(keys, { ...readCredentials(keys, current), signingSecret })! });
  return { signingSecret };
}

/** The channel with its decrypted credentials, as adapters need it. */
export async function channelContext(db: Db, keys: Keys, channelId: string, publicUrl: string): Promise<ChannelContext | null> {
  const channel = await getChannelForSending(db, channelId);
  if (!channel) return null;
  return { channel, credentials: readCredentials(keys, channel), publicUrl, cache: channelCache(db, channelId) };
}

/** Provider facts remembered for a channel (store/channel-cache). */
export const channelCache = (db: Db, channelId: string): ChannelCache => ({ get: (key) => getCached(db, channelId, key), set: (entries) => setCached(db, channelId, entries) });

/** "Test connection": asks the provider whether the stored credentials work. */
export async function testChannel(db: Db, keys: Keys, adapters: Partial<Record<ChannelType, ChannelAdapter>>, workspaceId: string, id: string, publicUrl: string): Promise<TestResult> {
  const current = await getChannel(db, workspaceId, id);
  if (!current) throw notFound('Channel');
  const ctx = await channelContext(db, keys, id, publicUrl);
  const adapter = adapters[current.type];
  if (!ctx || !adapter) return { ok: false, detail: `nilai has no way to test ${current.type} channels.` };
  return adapter.test(ctx);
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
