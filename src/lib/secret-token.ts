import { hash, randomBytes } from 'node:crypto';

/** A new random secret with a readable prefix, e.g. `nilai_tok_…` (256 bits of randomness). */
export function newSecret(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** The stored form of a high-entropy secret: its SHA-256 (a slow hash adds nothing at 256 bits). */
export function hashSecret(secret: string): Buffer {
  return hash('sha256', secret, 'buffer');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID.test(s);
