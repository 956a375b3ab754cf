/**
 * One allocation round of a division: the waiting conversations (oldest first) get agents while any is
 * free, and a conversation idle past the idle period goes to another free agent. Pure: the caller reads
 * the state under a lock, applies the plan and sends the assignments.
 */
import { chooseAgent, type Candidate } from './choose-agent.js';
import type { DivisionAllocation } from './settings.js';

export interface WaitingConversation {
  id: string;
  /** The workload scope the conversation counts in (its channel, for a per-channel limit). */
  channelId: string;
}

export interface IdleCandidate extends WaitingConversation {
  /** The agent holding it now. */
  agentKey: string;
}

export interface AgentState {
  key: string;
  availability: Candidate['availability'];
  /** Open chats per channel. */
  openByChannel: ReadonlyMap<string, number>;
}

export interface RoundInput {
  settings: Pick<DivisionAllocation, 'method' | 'workloadLimit' | 'workloadScope'>;
  agents: readonly AgentState[];
  /** Waiting for an agent, oldest first. */
  waiting: readonly WaitingConversation[];
  /** Conversations whose customer waited past the idle period, longest first. */
  idle: readonly IdleCandidate[];
  lastKey: string | null;
}

export interface Assignment {
  conversationId: string;
  agentKey: string;
  /** Why: a new (or queued) conversation, or the idle rule taking it from `fromKey`. */
  reason: 'allocated' | 'idle';
  fromKey?: string;
}

export interface RoundPlan {
  assignments: Assignment[];
  /** Still waiting, in order. */
  waiting: string[];
  lastKey: string | null;
}

const total = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

export function planRound(input: RoundInput): RoundPlan {
  const { settings } = input;
  const open = new Map(input.agents.map((a) => [a.key, new Map(a.openByChannel)]));
  const countIn = (key: string, channelId: string) => {
    const m = open.get(key)!;
    return settings.workloadScope === 'per_channel' ? (m.get(channelId) ?? 0) : total(m);
  };
  const candidatesFor = (channelId: string): Candidate[] => input.agents.map((a) => ({ key: a.key, availability: a.availability, open: countIn(a.key, channelId) }));
  const move = (from: string | null, to: string, channelId: string) => {
    if (from !== null && open.has(from)) {
      const m = open.get(from)!;
      m.set(channelId, Math.max(0, (m.get(channelId) ?? 0) - 1));
    }
    const m = open.get(to)!;
    m.set(channelId, (m.get(channelId) ?? 0) + 1);
  };
  let lastKey = input.lastKey;
  const assignments: Assignment[] = [];
  const waiting: string[] = [];
  for (const c of input.waiting) {
    const key = chooseAgent({ method: settings.method, limit: settings.workloadLimit, candidates: candidatesFor(c.channelId), lastKey });
    if (key === null) {
      waiting.push(c.id);
      continue;
    }
    move(null, key, c.channelId);
    lastKey = key;
    assignments.push({ conversationId: c.id, agentKey: key, reason: 'allocated' });
  }
  for (const c of input.idle) {
    const key = chooseAgent({ method: settings.method, limit: settings.workloadLimit, candidates: candidatesFor(c.channelId), lastKey, exclude: new Set([c.agentKey]) });
    if (key === null) continue; // nobody else is free: it stays with its agent
    move(c.agentKey, key, c.channelId);
    lastKey = key;
    assignments.push({ conversationId: c.id, agentKey: key, reason: 'idle', fromKey: c.agentKey });
  }
  return { assignments, waiting, lastKey };
}
