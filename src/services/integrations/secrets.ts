/** An integration's secrets: a name → value object, stored encrypted (lib/keys), shown masked. */
import { maskSecret } from '../../domain/channels/config.js';
import type { ErrorDetail } from '../../domain/errors.js';
import type { Keys } from '../../lib/keys.js';
import { REDACTED, redactSecrets, secretsOfUrl } from '../../lib/redact.js';
import type { RequestExcerpt, ResponseExcerpt } from './kinds/types.js';

export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const MAX_SECRET_LENGTH = 20_000;

export function readSecrets(keys: Keys, sealed: string | null): Record<string, string> {
  return sealed ? (JSON.parse(keys.decrypt(sealed)) as Record<string, string>) : {};
}

export const sealSecrets = (keys: Keys, secrets: Record<string, string>): string | null => (Object.keys(secrets).length ? keys.encrypt(JSON.stringify(secrets)) : null);

export const maskSecrets = (secrets: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, maskSecret(v)]));

/** The stored secrets with a change applied: a value replaces, null removes; names and sizes checked. */
export function mergeSecrets(current: Record<string, string>, change: Record<string, string | null> | undefined): { secrets: Record<string, string>; problems: ErrorDetail[] } {
  const secrets = { ...current };
  const problems: ErrorDetail[] = [];
  for (const [name, value] of Object.entries(change ?? {})) {
    if (!SECRET_NAME.test(name)) problems.push({ path: `secrets.${name}`, message: 'A secret name is letters, digits and _ (not starting with a digit), at most 64.' });
    else if (value === null) delete secrets[name];
    else if (value.length === 0 || value.length > MAX_SECRET_LENGTH) problems.push({ path: `secrets.${name}`, message: `Must be 1 to ${MAX_SECRET_LENGTH} characters.` });
    else secrets[name] = value;
  }
  return { secrets, problems };
}

/** Header names whose values are credentials whatever they hold. */
const SENSITIVE_HEADER = /authorization|cookie|token|secret|api[-_]?key|password|signature/i;

/** A request and its answer as the delivery log keeps them: secret values, credentials headers and secret-looking text masked. */
export function maskExchange(secrets: Record<string, string>, request: RequestExcerpt | null, response: ResponseExcerpt | null) {
  const known = [...Object.values(secrets), ...(request ? secretsOfUrl(request.url) : [])];
  const clean = (s: string) => redactSecrets(s, known);
  return {
    request: request && {
      method: request.method, url: clean(request.url), body: clean(request.body),
      headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, SENSITIVE_HEADER.test(k) ? REDACTED : clean(v)])),
    },
    response: response && { status: response.status, body: clean(response.body) },
    clean,
  };
}
