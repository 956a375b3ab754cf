import type { MaskingMode } from '../domain/contacts/mask.js';
import type { Db } from './db.js';

export async function getContactMasking(db: Db, workspaceId: string): Promise<MaskingMode> {
  const r = await db.selectFrom('workspaces').select('contact_masking').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return r.contact_masking;
}

export async function setContactMasking(db: Db, workspaceId: string, mode: MaskingMode): Promise<MaskingMode> {
  const r = await db.updateTable('workspaces').set({ contact_masking: mode }).where('id', '=', workspaceId).returning('contact_masking').executeTakeFirstOrThrow();
  return r.contact_masking;
}
