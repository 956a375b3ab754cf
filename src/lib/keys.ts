/**
 * Keys derived from the one application key (NILAI_SECRET_KEY or generated into DATA_DIR/secrets.json):
 * one for invitation tokens, one for encrypting channel secrets at rest.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export interface Keys {
  /** The survey-link token of an invitation: HMAC of its id, 132 bits, never stored. */
  invitationToken(invitationId: string): string;
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
  /** HMAC (base64url) of a website widget ticket, so tickets need no table to be checked. */
  signWidgetTicket(payload: string): string;
}

export function deriveKeys(appKey: string): Keys {
  const material = Buffer.from(appKey, 'utf8');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), info, 32));
  const tokenKey = derive('nilai invitation token v1');
  const boxKey = derive('nilai secret box v1');
  const ticketKey = derive('nilai widget ticket v1');
  return {
    invitationToken: (id) => createHmac('sha256', tokenKey).update(id).digest('base64url').slice(0, 22),
    signWidgetTicket: (payload) => createHmac('sha256', ticketKey).update(payload).digest('base64url'),
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', boxKey, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    decrypt(ciphertext) {
      const raw = Buffer.from(ciphertext.replace(/^v1\./, ''), 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', boxKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
