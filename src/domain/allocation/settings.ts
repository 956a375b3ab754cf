/**
 * Agent management settings of one division (Qontak's Agent Allocation, Workload and Idle rule): whether
 * nilai assigns its new conversations, how it picks the agent, how many open chats an agent may hold,
 * what agents may do themselves, and after how long an unanswered customer goes to another agent.
 */

/** Round robin: the next available agent in turn. Least open: the available agent with fewest open chats. */
export type AllocationMethod = 'round_robin' | 'least_open';

/** Counted over every channel, or per channel (an agent may hold `limit` open chats in each channel). */
export type WorkloadScope = 'all_channels' | 'per_channel';

export interface DivisionAllocation {
  /** Auto allocation: nilai assigns the division's new conversations (and queues them when nobody is free). */
  enabled: boolean;
  method: AllocationMethod;
  /** Most open chats an agent holds; null: no limit. */
  workloadLimit: number | null;
  workloadScope: WorkloadScope;
  /** Agents may assign an unassigned conversation to themselves through nilai's API. */
  takeoverAllowed: boolean;
  /** Agents may reassign a conversation (theirs or another's) to someone else through nilai's API. */
  reassignAllowed: boolean;
  /** Minutes a customer may wait for an agent's reply before the conversation goes to another agent; null: off. */
  idleMinutes: number | null;
  /** The Chatwoot team the division is (assignments also set it); null: none. */
  chatwootTeamId: number | null;
  /** The Chatwoot inboxes whose conversations belong to the division (an inbox id belongs to one division). */
  chatwootInboxIds: number[];
}

export const DEFAULT_ALLOCATION: DivisionAllocation = {
  enabled: false,
  method: 'round_robin',
  workloadLimit: null,
  workloadScope: 'all_channels',
  takeoverAllowed: true,
  reassignAllowed: false,
  idleMinutes: null,
  chatwootTeamId: null,
  chatwootInboxIds: [],
};

export const MAX_CHATWOOT_INBOXES = 100;

export const MAX_WORKLOAD = 1000;
export const MAX_IDLE_MINUTES = 7 * 24 * 60;
