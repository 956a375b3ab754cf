/** Contact field definitions of a workspace (never deleted; hidden instead). */
import type { ContactField, ContactFieldInput } from '../domain/contacts/fields.js';
import { AppError } from '../domain/errors.js';
import type { Db } from './db.js';
import { onUnique } from './pg-errors.js';

type Row = { id: string; key: string; type: ContactField['type']; label: ContactField['label']; options: ContactField['options']; hidden: boolean };
const toField = (r: Row): ContactField => ({ id: r.id, key: r.key, type: r.type, label: r.label, options: r.options, hidden: r.hidden });
const columns = ['id', 'key', 'type', 'label', 'options', 'hidden'] as const;

/** Every field, hidden ones included, in the order they were added. */
export async function listContactFields(db: Db, workspaceId: string): Promise<ContactField[]> {
  const rows = await db.selectFrom('contact_fields').select(columns).where('workspace_id', '=', workspaceId).orderBy('position').orderBy('created_at').execute();
  return rows.map(toField);
}

export async function getContactField(db: Db, workspaceId: string, id: string): Promise<ContactField | null> {
  const r = await db.selectFrom('contact_fields').select(columns).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return r ? toField(r) : null;
}

export async function insertContactField(db: Db, workspaceId: string, f: ContactFieldInput): Promise<ContactField> {
  const r = await onUnique(
    () =>
      db.insertInto('contact_fields')
        .values((eb) => ({
          workspace_id: workspaceId, key: f.key, type: f.type, label: JSON.stringify(f.label), options: JSON.stringify(f.options ?? []), hidden: f.hidden ?? false,
          position: eb.selectFrom('contact_fields').select((s) => s.fn.coalesce(s.fn.max('position'), s.val(0)).as('p')).where('workspace_id', '=', workspaceId),
        }))
        .returning(columns)
        .executeTakeFirstOrThrow(),
    () => new AppError('conflict', `A contact field with the key ${f.key} already exists.`, [{ path: 'key', message: 'This key is already used (fields are never deleted; keys are never reused).' }]),
  );
  return toField(r);
}

export async function updateContactField(db: Db, workspaceId: string, id: string, patch: { label?: ContactField['label']; options?: ContactField['options']; hidden?: boolean }): Promise<ContactField | null> {
  const r = await db.updateTable('contact_fields')
    .set({
      ...(patch.label && { label: JSON.stringify(patch.label) }),
      ...(patch.options && { options: JSON.stringify(patch.options) }),
      ...(patch.hidden !== undefined && { hidden: patch.hidden }),
      updated_at: new Date(),
    })
    .where('workspace_id', '=', workspaceId).where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
  return r ? toField(r) : null;
}
