/** Defining contact fields: shape checked by the route, product rules here. */
import { validateFieldDefinition, type ContactField, type ContactFieldInput } from '../domain/contacts/fields.js';
import { invalid, notFound } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { getContactField, insertContactField, updateContactField } from '../store/contact-fields.js';

export async function addContactField(db: Db, workspaceId: string, input: ContactFieldInput): Promise<ContactField> {
  const issues = validateFieldDefinition(input);
  if (issues.length) throw invalid(issues);
  return insertContactField(db, workspaceId, input);
}

/** Label, options (added, never removed) and hidden may change; key and type never do. */
export async function changeContactField(db: Db, workspaceId: string, id: string, patch: { label?: ContactField['label']; options?: ContactField['options']; hidden?: boolean }): Promise<ContactField> {
  const before = await getContactField(db, workspaceId, id);
  if (!before) throw notFound('Contact field');
  const issues = validateFieldDefinition({ type: before.type, label: patch.label ?? before.label, options: patch.options ?? before.options }, before);
  if (issues.length) throw invalid(issues);
  return (await updateContactField(db, workspaceId, id, patch))!;
}
