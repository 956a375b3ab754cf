/**
 * A contact's fields as a conversation's events tell them. Events carry the contact each time, often
 * only in part (the first event of a batch has the name and locale, later ones only the id), and may
 * arrive out of order: a field's value is the one of the latest event (by `occurredAt`) that sends it.
 */
import type { ConversationEvent } from './event-schema.js';

/** The contact's identity fields; its contact field values (`attributes`) are merged by services/ingest-events. */
export type Contact = Omit<ConversationEvent['conversation']['contact'], 'attributes'>;
type Field = Exclude<keyof Contact, 'id'>;

/** The fields an event sends: a field left out or sent empty tells nothing. */
const sentFields = (c: Contact) => (Object.entries(c) as [keyof Contact, unknown][]).filter((f): f is [Field, string] => f[0] !== 'id' && typeof f[1] === 'string' && f[1].trim() !== '');

/** `known` (oldest first) updated by a later event's contact; another contact id starts afresh. */
export function mergeContact(known: Contact | null, next: Contact): Contact {
  const merged: Contact = known && known.id === next.id ? { ...known } : { id: next.id };
  for (const [k, v] of sentFields(next)) merged[k] = v;
  return merged;
}

/**
 * What to store for the contact after new events: the fields those events send, each at its latest
 * value in the whole conversation (`merged`, from the fold), so a late event does not bring back an
 * older value and fields no new event sends keep what is stored (possibly from other conversations).
 */
export function contactUpdate(merged: Contact, freshEvents: readonly ConversationEvent[]): Contact {
  const update: Contact = { id: merged.id };
  for (const e of freshEvents) {
    if (e.conversation.contact.id !== merged.id) continue;
    for (const [k] of sentFields(e.conversation.contact)) if (merged[k] !== undefined) update[k] = merged[k];
  }
  return update;
}
