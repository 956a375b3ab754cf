/** "Rewrite in this tone": one call to the workspace's OpenAI-compatible endpoint, shown for approval. */
import { callProvider, TemporarySendError } from '../channels/provider-http.js';
import { maskSecret } from '../domain/channels/config.js';
import { AppError } from '../domain/errors.js';
import type { Language } from '../domain/settings/schema.js';
import type { Tone } from '../domain/settings/tones.js';
import { readRewrite, rewriteRequest } from '../domain/tone-rewrite.js';
import type { Keys } from '../lib/keys.js';
import type { Db } from '../store/db.js';
import { getRewriteEndpoint } from '../store/rewrite-endpoints.js';

export interface RewriteEndpointView {
  baseUrl: string;
  model: string;
  /** Masked (•••• and the last 4 characters), or null when none is stored. */
  apiKey: string | null;
  updatedAt: string;
}

export async function rewriteEndpointView(db: Db, keys: Keys, workspaceId: string): Promise<RewriteEndpointView | null> {
  const e = await getRewriteEndpoint(db, workspaceId);
  if (!e) return null;
  const apiKey = e.apiKeyEncrypted ? maskSecret(keys.decrypt(e.apiKeyEncrypted)) : null;
  return { baseUrl: e.baseUrl, model: e.model, apiKey, updatedAt: e.updatedAt.toISOString() };
}

/** `{baseUrl}/chat/completions`, whether the base ends in /v1, /v1/ or is the full path already. */
export const completionsUrl = (baseUrl: string) => (/\/chat\/completions\/?$/.test(baseUrl) ? baseUrl : `${baseUrl.replace(/\/+$/, '')}/chat/completions`);

export async function rewriteInTone(deps: { db: Db; keys: Keys }, workspaceId: string, r: { text: string; tone: Tone; language: Language }): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
  const e = await getRewriteEndpoint(deps.db, workspaceId);
  if (!e) throw new AppError('conflict', 'No rewrite endpoint is connected: connect an OpenAI-compatible endpoint first (PUT /api/v1/settings/rewrite-endpoint).');
  const key = e.apiKeyEncrypted ? deps.keys.decrypt(e.apiKeyEncrypted) : null;
  try {
    const res = await callProvider('The rewrite endpoint', completionsUrl(e.baseUrl), {
      body: rewriteRequest(e.model, r.text, r.tone, r.language),
      headers: key ? { authorization: `Bearer ${key}` } : {},
      reasonOf: (json) => (typeof json?.error?.message === 'string' ? json.error.message : typeof json?.error === 'string' ? json.error : null),
    });
    if (!res.ok) return { ok: false, reason: res.reason };
    const read = readRewrite(res.json, r.text);
    return 'text' in read ? { ok: true, text: read.text } : { ok: false, reason: read.problem };
  } catch (err) {
    if (err instanceof TemporarySendError) return { ok: false, reason: err.message };
    throw err;
  }
}
