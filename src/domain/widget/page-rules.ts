/** Which pages a widget channel's URL patterns allow (the other rules are applied by the widget itself). */

/** The page URL as stored: origin and path, no query string or fragment (they may carry personal data). */
export function cleanPageUrl(raw: string): string | null {
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return `${u.origin}${u.pathname}`.slice(0, 1000);
  } catch {
    return null;
  }
}

function globToRegExp(glob: string): RegExp {
  const body = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`, 'i');
}

/**
 * True when the page matches one pattern, or there are none. A pattern starting with "/" is matched
 * against the path, any other against the whole URL (origin + path); "*" matches anything.
 */
export function pageAllowed(patterns: readonly string[], pageUrl: string): boolean {
  if (patterns.length === 0) return true;
  const u = new URL(pageUrl);
  return patterns.some((p) => globToRegExp(p).test(p.startsWith('/') ? u.pathname : `${u.origin}${u.pathname}`));
}
