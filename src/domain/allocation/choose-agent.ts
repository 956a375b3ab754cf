/** Picks the agent for one conversation among a division's agents; pure. */
import type { AllocationMethod } from './settings.js';

/** Chatwoot's `availability_status`; only `online` agents receive new conversations. */
export type Availability = 'online' | 'busy' | 'offline';

export interface Candidate {
  /** Who the workload is counted for (a nilai user: the same person in every channel). */
  key: string;
  availability: Availability;
  /** Open chats the agent holds in the counted scope (all channels or this conversation's channel). */
  open: number;
}

export interface ChooseInput {
  method: AllocationMethod;
  /** null: no limit. */
  limit: number | null;
  candidates: readonly Candidate[];
  /** The key last given a conversation in this division (round robin goes on after it); null: none yet. */
  lastKey: string | null;
  /** Keys never chosen (the idle rule's current agent). */
  exclude?: ReadonlySet<string>;
}

/** Whether an agent can take one more conversation now. */
export const canTake = (c: Candidate, limit: number | null): boolean => c.availability === 'online' && (limit === null || c.open < limit);

/**
 * The candidates in turn after `lastKey` (keys in code-point order, wrapping round), so each agent
 * gets the next conversation once before anyone gets a second.
 */
function inTurn(candidates: readonly Candidate[], lastKey: string | null): Candidate[] {
  const sorted = [...candidates].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (lastKey === null) return sorted;
  const after = sorted.findIndex((c) => c.key > lastKey);
  return after < 0 ? sorted : [...sorted.slice(after), ...sorted.slice(0, after)];
}

/** The key of the agent to assign, or null when nobody online is under the limit (the conversation waits). */
export function chooseAgent(input: ChooseInput): string | null {
  const free = inTurn(input.candidates, input.lastKey).filter((c) => canTake(c, input.limit) && !input.exclude?.has(c.key));
  if (!free.length) return null;
  if (input.method === 'round_robin') return free[0]!.key;
  // Least open chats; ties go in turn, so equal agents share the work fairly too.
  return free.reduce((best, c) => (c.open < best.open ? c : best)).key;
}
