/** The Chatwoot agents of a channel and their mapping to nilai users (the channel page's "Agents"). */
import { invalid, notFound } from '../domain/errors.js';
import { isUuid } from '../lib/secret-token.js';
import { listAgents, mapAgent, type ChatwootAgent } from '../store/chatwoot-agents.js';
import { getChannel } from '../store/channels.js';
import type { Db } from '../store/db.js';
import { getUser } from '../store/users.js';

async function chatwootChannel(db: Db, workspaceId: string, channelId: string) {
  const channel = isUuid(channelId) ? await getChannel(db, workspaceId, channelId) : null;
  if (!channel || channel.type !== 'chatwoot') throw notFound('Chatwoot channel');
  return channel;
}

export async function listChatwootAgents(db: Db, workspaceId: string, channelId: string): Promise<ChatwootAgent[]> {
  await chatwootChannel(db, workspaceId, channelId);
  return listAgents(db, workspaceId, channelId);
}

/** Credits a Chatwoot agent id to a nilai user of the workspace (null: back to matching by email or name). */
export async function mapChatwootAgent(db: Db, workspaceId: string, channelId: string, agentId: number, userId: string | null): Promise<ChatwootAgent> {
  await chatwootChannel(db, workspaceId, channelId);
  if (userId !== null && !(isUuid(userId) && (await getUser(db, workspaceId, userId)))) {
    throw invalid([{ path: 'userId', message: 'No such user in this workspace.' }]);
  }
  await mapAgent(db, channelId, agentId, userId);
  return (await listAgents(db, workspaceId, channelId)).find((a) => a.agentId === agentId)!;
}
