/**
 * Takes secrets out of text about an outgoing call (a provider's error body, an exception message, a
 * URL) before it is logged, stored or shown. A proxy's error page may echo the request line and
 * headers: the Telegram bot token travels in the URL path (/bot<token>/sendMessage), WhatsApp's and
 * Chatwoot's tokens in headers, a callback URL may carry user:password@. So: the known secrets of the
 * call (exactly, and URL-encoded), plus patterns for what secrets look like wherever they come from.
 */
export const REDACTED = '[redacted]';

/** Shorter values are not replaced as text (they would blank ordinary words); patterns still apply. */
const MIN_SECRET_LENGTH = 6;

const SECRET_WORD = '(?:token|secret|password|passwd|api[_-]?key|signature)';
const NOT_DONE = '(?!\\[redacted\\])';

const PATTERNS: [RegExp, string][] = [
  // scheme://user:password@host (greedy up to the last @ of the authority, as URL parsers read it)
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi, `$1${REDACTED}@`],
  // Telegram bot tokens: <bot id>:<35 characters>, in a path or anywhere
  [/(?<!\d)\d{5,}(?::|%3A)[A-Za-z0-9_-]{30,}/gi, REDACTED],
  // An echoed Authorization header, whatever its scheme; and Bearer tokens anywhere
  [/\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(?:Basic|Bearer|Token|Digest)\s+)?[^\s"',;}<>]+/gi, `$1${REDACTED}`],
  [new RegExp(`\\b(Bearer\\s+)${NOT_DONE}[A-Za-z0-9._~+/=-]+`, 'gi'), `$1${REDACTED}`],
  // Meta access tokens (EAA…) and Standard Webhooks secrets
  [/\bEAA[A-Za-z0-9]{20,}/g, REDACTED],
  [/\bwhsec_[A-Za-z0-9+/=]{16,}/g, REDACTED],
  // key=value for secret-sounding keys (query strings: access_token=, hub.verify_token=)
  [new RegExp(`([\\w.-]*${SECRET_WORD})=${NOT_DONE}[^\\s&#"',;}<>]+`, 'gi'), `$1=${REDACTED}`],
  // "key": "value" in an echoed JSON body ("secret_token", "accessToken")
  [new RegExp(`("[\\w.-]*${SECRET_WORD}"\\s*:\\s*")[^"]*"`, 'gi'), `$1${REDACTED}"`],
  // Echoed headers with a compound name (api_access_token: …, x-telegram-bot-api-secret-token: …);
  // a plain word is left alone, so "access token: Session has expired" keeps its meaning.
  [new RegExp(`\\b(\\w+[_-][\\w-]*${SECRET_WORD})(\\s*:\\s*)${NOT_DONE}[^\\s"',;}<>]+`, 'gi'), `$1$2${REDACTED}`],
];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text without the given secrets (and their URL-encoded forms) and without secret-looking parts. */
export function redactSecrets(text: string, secrets: Iterable<string | null | undefined> = []): string {
  let out = text;
  const known = new Set<string>();
  for (const s of secrets) {
    if (typeof s !== 'string' || s.length < MIN_SECRET_LENGTH) continue;
    known.add(s);
    known.add(encodeURIComponent(s));
  }
  // Longest first, so a secret that contains another is removed whole.
  for (const s of [...known].sort((a, b) => b.length - a.length)) out = out.replace(new RegExp(escapeRegExp(s), 'g'), REDACTED);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** The same error with its message (and stack) redacted, so it can be thrown on, logged or stored. */
export function redactError<E>(err: E, secrets: Iterable<string | null | undefined> = []): E {
  if (!(err instanceof Error)) return new Error(redactSecrets(String(err), secrets)) as E;
  const list = [...secrets];
  err.message = redactSecrets(err.message, list);
  if (err.stack) err.stack = redactSecrets(err.stack, list);
  return err;
}

/** The secrets inside a URL: its password, and the Basic credentials made of user and password. */
export function secretsOfUrl(url: string | null | undefined): string[] {
  if (!url) return [];
  try {
    const u = new URL(url);
    const found = [u.password, decodeURIComponent(u.password)];
    if (u.username || u.password) found.push(Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64'));
    return found.filter(Boolean);
  } catch {
    return [];
  }
}

/** A URL as shown: user and password replaced by •••• (like masked credentials), the rest as it was. */
export function maskUrlUserinfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1••••@');
}
