/**
 * The agents of a Chatwoot account with their availability: `GET /api/v1/accounts/{id}/agents` answers an
 * array of `api/v1/models/_agent.json.jbuilder` ({id, account_id, availability_status: "online" | "busy" |
 * "offline", auto_offline, confirmed, active, email, provider, available_name, name, role, thumbnail}).
 * Agent bot tokens may not read it (Chatwoot's AccessTokenAuthHelper): then the refusal is returned.
 */
import type { Availability } from '../../domain/allocation/choose-agent.js';
import { callProvider } from '../provider-http.js';
import type { ChannelContext } from '../types.js';
import { accountPath, headers, reasonOf } from './transport.js';

export interface ChatwootAgentAvailability {
  agentId: number;
  name: string | null;
  email: string | null;
  availability: Availability;
}

const AVAILABILITY = new Set<string>(['online', 'busy', 'offline']);

export async function readChatwootAgents(ctx: ChannelContext): Promise<{ ok: true; agents: ChatwootAgentAvailability[] } | { ok: false; reason: string }> {
  const r = await callProvider('Chatwoot', `${accountPath(ctx)}/agents`, { headers: headers(ctx), reasonOf });
  if (!r.ok) return { ok: false, reason: r.reason };
  if (!Array.isArray(r.json)) return { ok: false, reason: 'Chatwoot answered its agents list with something other than a list.' };
  const agents = r.json.flatMap((a: any): ChatwootAgentAvailability[] => {
    if (!Number.isInteger(a?.id)) return [];
    // A deactivated agent (active: false) takes no conversations.
    const status = a.active === false ? 'offline' : AVAILABILITY.has(a?.availability_status) ? (a.availability_status as Availability) : 'offline';
    const name = typeof a.name === 'string' && a.name ? a.name : typeof a.available_name === 'string' ? a.available_name : null;
    return [{ agentId: a.id, name, email: typeof a.email === 'string' && a.email ? a.email.trim().toLowerCase() : null, availability: status }];
  });
  return { ok: true, agents };
}
