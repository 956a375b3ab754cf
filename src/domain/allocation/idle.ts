/** The idle rule: has the customer waited past the idle period for the agent holding the conversation? */

export interface IdleInput {
  /** Messages in time order. */
  messages: readonly { at: string; sender: string }[];
  /** When the current agent got the conversation. */
  assignedAt: string;
  idleMinutes: number;
  now: Date;
}

/**
 * Since when the customer waits: their first message after the last agent reply, or the assignment if
 * later (each agent gets a whole idle period). Null when no customer message is unanswered.
 */
export function waitingSince(messages: IdleInput['messages'], assignedAt: string): string | null {
  let since: string | null = null;
  for (const m of messages) {
    if (m.sender === 'agent') since = null;
    else if (m.sender === 'customer') since ??= m.at;
  }
  if (since === null) return null;
  return Date.parse(assignedAt) > Date.parse(since) ? assignedAt : since;
}

export function isIdle(input: IdleInput): boolean {
  const since = waitingSince(input.messages, input.assignedAt);
  return since !== null && input.now.getTime() - Date.parse(since) > input.idleMinutes * 60_000;
}
