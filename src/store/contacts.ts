/** Reading contacts for display (writes are in store/conversations.ts, with the intake). */
import type { Attributes } from '../domain/contacts/fields.js';
import type { Db } from './db.js';

export interface ContactRecord {
  id: string;
  externalId: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  handle: string | null;
  locale: string | null;
  optedOutAt: string | null;
  attributes: Attributes;
}

const columns = ['id', 'external_id', 'name', 'phone', 'email', 'handle', 'locale', 'opted_out_at', 'attributes'] as const;
type Row = { id: string; external_id: string; name: string | null; phone: string | null; email: string | null; handle: string | null; locale: string | null; opted_out_at: Date | null; attributes: Attributes };
const toRecord = (r: Row): ContactRecord => ({
  id: r.id, externalId: r.external_id, name: r.name, phone: r.phone, email: r.email, handle: r.handle, locale: r.locale,
  optedOutAt: r.opted_out_at?.toISOString() ?? null, attributes: r.attributes ?? {},
});

export async function findContactByExternalId(db: Db, workspaceId: string, externalId: string): Promise<ContactRecord | null> {
  const r = await db.selectFrom('contacts').select(columns).where('workspace_id', '=', workspaceId).where('external_id', '=', externalId).executeTakeFirst();
  return r ? toRecord(r) : null;
}

export async function findContactById(db: Db, workspaceId: string, id: string): Promise<ContactRecord | null> {
  const r = await db.selectFrom('contacts').select(columns).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return r ? toRecord(r) : null;
}
