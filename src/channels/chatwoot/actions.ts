/**
 * Inbox actions in Chatwoot through its application API (Chatwoot's swagger, swagger/paths/application/
 * conversation/): post a message (`POST …/conversations/{id}/messages`, `{content, message_type:
 * "outgoing", private: false}`, answered with the message and its `id`), resolve (`POST …/toggle_status`,
 * `{status: "resolved"}`) and assign (`POST …/assignments`, `{assignee_id}` or `{team_id}`: with both,
 * Chatwoot ignores the team, so a team and an agent are two requests). Agent bot tokens may use all three.
 * Failures are classified by callProvider: a refusal is returned, a temporary failure thrown.
 */
import { callProvider, type ProviderResult } from '../provider-http.js';
import type { ChannelContext } from '../types.js';
import { accountPath, headers, reasonOf } from './transport.js';

const post = (ctx: ChannelContext, displayId: string, path: string, body: unknown) =>
  callProvider('Chatwoot', `${accountPath(ctx)}/conversations/${encodeURIComponent(displayId)}${path}`, { body, headers: headers(ctx), reasonOf });

/** Posts a public outgoing message; the id Chatwoot gave it, to recognise its webhook echo. */
export async function postChatwootMessage(ctx: ChannelContext, displayId: string, text: string): Promise<{ ok: true; messageId: string | null } | Extract<ProviderResult, { ok: false }>> {
  const r = await post(ctx, displayId, '/messages', { content: text, message_type: 'outgoing', private: false });
  return r.ok ? { ok: true, messageId: r.json?.id !== undefined && r.json?.id !== null ? String(r.json.id) : null } : r;
}

export const resolveChatwootConversation = (ctx: ChannelContext, displayId: string) => post(ctx, displayId, '/toggle_status', { status: 'resolved' });

export async function assignChatwootConversation(ctx: ChannelContext, displayId: string, to: { agentId?: number | null; teamId?: number | null }): Promise<ProviderResult> {
  let last: ProviderResult = { ok: false, permanent: true, status: 0, reason: 'Nobody to assign the conversation to (neither a Chatwoot agent nor a team).' };
  if (to.teamId != null) {
    last = await post(ctx, displayId, '/assignments', { team_id: to.teamId });
    if (!last.ok) return last;
  }
  if (to.agentId != null) last = await post(ctx, displayId, '/assignments', { assignee_id: to.agentId });
  return last;
}

/** The Chatwoot display id in nilai's conversation id `chatwoot:<account>:<display id>`. */
export const chatwootDisplayId = (externalId: string): string | null => /^chatwoot:\d+:(\d+)$/.exec(externalId)?.[1] ?? null;
