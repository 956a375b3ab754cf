/**
 * Single events (`POST /api/v1/events` with one event object) through group commit: the events of the
 * requests that arrive together are applied as one batch (services/ingest-events applyBatch: one
 * statement per table for all of them, contacts and conversations locked once in id order) in the
 * group's transaction, instead of one request's statements after another's. Each request is still
 * answered after that COMMIT, with its own results.
 *
 * What a request is told, as if it had been alone: its event `applied` when the group stored it (of two
 * requests with the same event id, the first), else `duplicate` with no conversation; the conversation's
 * status after the commit; the invitation (or the reason for none) only to the request whose event is
 * the resolve that caused it, and the cancelled invitations only to the request that reopened.
 */
import type { ConversationEvent } from '../domain/conversations/event-schema.js';
import type { Batched, GroupCommit } from '../store/group-commit.js';
import { applyBatch, checkBatch, resultsOf, retryingRace, type CheckedBatch, type ConversationOutcome, type IngestDeps } from './ingest-events.js';

interface SingleEvent {
  deps: IngestDeps;
  checked: CheckedBatch;
}

interface SingleResult {
  applied: Set<string>;
  outcomes: ConversationOutcome[];
}

const singleEvents: Batched<SingleEvent, SingleResult> = {
  // The batch locks the event's contact, then its conversation (ingest-events applyBatch).
  keysOf: ({ checked: { workspaceId, events: [e] } }) => [`contact:${workspaceId}:${e!.conversation.contact.id}`, `conversation:${workspaceId}:${e!.conversation.id}`],
  async many(trx, items, send) {
    // One batch per configuration the events were checked against (one object per workspace and
    // configuration version, services/intake-config), in arrival order.
    const parts: SingleEvent[][] = [];
    for (const item of items) {
      const part = parts.find(([p]) => p!.checked.config === item.checked.config && p!.deps.keys === item.deps.keys && p!.deps.jobs === item.deps.jobs);
      if (part) part.push(item);
      else parts.push([item]);
    }
    const results = new Map<SingleEvent, SingleResult>();
    for (const part of parts) {
      const first = part[0]!;
      const now = new Date(Math.max(...part.map((i) => i.checked.now.getTime())));
      const batch = await applyBatch(trx, send, first.deps, { ...first.checked, events: part.flatMap((i) => i.checked.events), now, afterOthers: part !== parts[0] });
      const outcomeOf = new Map(batch.outcomes.map((o) => [o.conversationId, o]));
      const told = new Set<string>();
      // Of a conversation's requests, the last one applied is told what no event of the group is named for.
      const lastOf = new Map<string, SingleEvent>();
      for (const item of part) {
        const e = item.checked.events[0]!;
        if (batch.applied.has(e.id) && !told.has(e.id)) {
          told.add(e.id);
          lastOf.set(e.conversation.id, item);
          results.set(item, { applied: new Set([e.id]), outcomes: [] });
        } else results.set(item, { applied: new Set(), outcomes: [] });
      }
      for (const item of part) {
        const e = item.checked.events[0]!;
        const mine = results.get(item)!;
        const outcome = outcomeOf.get(e.conversation.id);
        if (!mine.applied.size || !outcome) continue;
        const cause = batch.causes.get(e.conversation.id);
        const { invitation, skipped, cancelledInvitations, ...status } = outcome;
        const answer: ConversationOutcome = { ...status };
        const resolver = cause?.resolveEventId ? cause.resolveEventId === e.id : lastOf.get(e.conversation.id) === item;
        if (resolver && invitation) answer.invitation = invitation;
        if (resolver && skipped) answer.skipped = skipped;
        const reopener = cause?.reopenEventId ? cause.reopenEventId === e.id : lastOf.get(e.conversation.id) === item;
        if (reopener && cancelledInvitations !== undefined) answer.cancelledInvitations = cancelledInvitations;
        mine.outcomes.push(answer);
      }
    }
    return items.map((item) => results.get(item)!);
  },
};

/** `POST /api/v1/events` with one event: checked alone, applied with the events arriving alongside. */
export async function ingestSingleEvent(deps: IngestDeps, group: GroupCommit, workspaceId: string, event: ConversationEvent, knownVersion?: string) {
  return addSingleEvent(deps, group, await checkBatch(deps, workspaceId, [event], false, knownVersion));
}

/** A checked single event (checkBatch), applied in `group`; answers after the group's commit. */
export async function addSingleEvent(deps: IngestDeps, group: GroupCommit, checked: CheckedBatch) {
  // A group that meets a conversation created meanwhile elsewhere reruns each event alone; one that
  // meets it again (created meanwhile once more) is added again.
  const { applied, outcomes } = await retryingRace(() => group.add(singleEvents, { deps, checked }));
  return resultsOf(deps, checked.events, applied, outcomes);
}
