/**
 * A Google service-account JSON key as the admin downloads it from the Cloud console (IAM → Service
 * accounts → Keys → Add key → JSON). nilai needs four of its fields; the rest (project_id, private_key_id,
 * client_id, auth URLs) is kept as uploaded.
 */
import type { ErrorDetail } from '../errors.js';

export interface ServiceAccountKey {
  type: 'service_account';
  client_email: string;
  private_key: string;
  token_uri: string;
  private_key_id?: string;
  project_id?: string;
}

const PEM = /^-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+-----END (RSA )?PRIVATE KEY-----\s*$/;

/** The key, or every problem with it (path `serviceAccountKey.<field>`). */
export function parseServiceAccountKey(text: string, path = 'serviceAccountKey'): { key: ServiceAccountKey } | { problems: ErrorDetail[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problems: [{ path, message: 'Must be the JSON key file of a Google service account (it is not JSON).' }] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { problems: [{ path, message: 'Must be the JSON key file of a Google service account (a JSON object).' }] };
  const k = json as Record<string, unknown>;
  const problems: ErrorDetail[] = [];
  const text_ = (f: string) => (typeof k[f] === 'string' ? (k[f] as string).trim() : '');
  if (k.type !== 'service_account') problems.push({ path: `${path}.type`, message: 'Must be "service_account": create the key on a service account (not an OAuth client).' });
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text_('client_email'))) problems.push({ path: `${path}.client_email`, message: 'Must be the service account\'s email address.' });
  if (!PEM.test(text_('private_key'))) problems.push({ path: `${path}.private_key`, message: 'Must be the PEM private key of the JSON key file (-----BEGIN PRIVATE KEY----- …).' });
  if (!/^https?:\/\/[^/\s]+/.test(text_('token_uri'))) problems.push({ path: `${path}.token_uri`, message: 'Must be the token URL of the key file (https://oauth2.googleapis.com/token).' });
  if (problems.length) return { problems };
  return {
    key: {
      type: 'service_account', client_email: text_('client_email'), private_key: k.private_key as string, token_uri: text_('token_uri'),
      ...(typeof k.private_key_id === 'string' && { private_key_id: k.private_key_id }), ...(typeof k.project_id === 'string' && { project_id: k.project_id }),
    },
  };
}
