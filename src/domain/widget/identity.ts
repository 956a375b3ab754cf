/**
 * Signed-in visitors of the website widget. The site's server signs the visitor's id and attributes with
 * the widget channel's identity secret (HMAC-SHA256, hex); nilai recomputes it, so a page script cannot
 * answer as someone else. The signed text is simple to build in any language:
 *
 *   userId, then one line per attribute sorted by name: "\n" + name + "=" + value
 *
 * e.g. id "u-42" with { plan: "pro", city: "Bandung" } signs "u-42\ncity=Bandung\nplan=pro".
 */
export interface VisitorIdentity {
  id: string;
  attributes?: Record<string, string>;
  /** Hex HMAC-SHA256 of `identityMessage(id, attributes)` with the identity secret. */
  signature: string;
}

export function identityMessage(id: string, attributes: Record<string, string> = {}): string {
  const names = Object.keys(attributes).sort();
  return [id, ...names.map((n) => `${n}=${attributes[n]}`)].join('\n');
}
