/**
 * Hostile HTTP inputs for the fuzz test: percent-encoding that keeps lone surrogates as (invalid) bytes,
 * malformed path segments, bodies of the wrong kind, broken credentials.
 */
import fc from 'fast-check';
import { deepJson, HOSTILE_STRINGS } from './schema-arbitrary.js';

/** Percent-encodes like encodeURIComponent, but lone surrogates become their (invalid) UTF-8 bytes. */
export function enc(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out += c >= 0xd800 && c <= 0xdfff ? `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase() : encodeURIComponent(ch);
  }
  return out;
}
/** A path segment the URL parser keeps as it is (no dot segments, never empty). */
export const segment = (s: string) => (s === '' || /^(\.|%2e){1,2}$/i.test(s) ? 'x' : s);
/** Malformed raw segments, sent unencoded. */
export const RAW_SEGMENTS = ['%E0%A4%A', '%', '%zz', '%00', '%0D%0A', '%ED%A0%80', 'x'.repeat(3000)];

export const hostileString = fc.constantFrom(...HOSTILE_STRINGS);
/** In a query everything is text: numbers out of any range are strings too. */
export const hostileQueryValue = fc.oneof(hostileString, fc.constantFrom('1e40', '2147483648', '-2147483649', '99999999999999999999', '1.5', '-0', '0x10'));
/** `arb` in about `percent` % of the samples, else null. */
export const sometimes = <T>(arb: fc.Arbitrary<T>, percent: number) =>
  fc.oneof({ arbitrary: arb, weight: percent }, { arbitrary: fc.constant(null), weight: 100 - percent });

/** Bodies no schema describes: deep, malformed, empty, poisoned JSON and other media types. */
export const RAW_BODIES: readonly { type?: string; body: string }[] = [
  { type: 'application/json', body: deepJson(5000) },
  { type: 'application/json', body: deepJson(5000, '[', ']') },
  { type: 'application/json', body: '{"a":' },
  { type: 'application/json', body: '' },
  { type: 'application/json', body: 'null' },
  { type: 'application/json', body: '{}' },
  { type: 'application/json', body: '[]' },
  { type: 'application/json', body: '1e400' },
  { type: 'application/json', body: '"\\u0000"' },
  { type: 'application/json', body: '{"__proto__":{"admin":true}}' },
  { type: 'application/json', body: '{"constructor":{"prototype":{"admin":true}}}' },
  { type: 'application/json', body: '{"name":"\\ud800"}' },
  { type: 'application/json; charset=utf-16', body: '{}' },
  { type: 'application/merge-patch+json', body: '{}' },
  { type: 'text/plain', body: 'hello' },
  { type: 'application/x-www-form-urlencoded', body: 'a=1&b=%00' },
  { type: 'multipart/form-data; boundary=x', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n' },
  { type: 'application/xml', body: '<a/>' },
  { type: 'not a media type', body: '{}' },
  { body: '{}' },
];


/** Credentials that must all answer 401. */
export const BAD_AUTH: readonly Record<string, string>[] = [
  { authorization: 'Bearer nilai_not-a-real-token' }, { authorization: 'Basic YWRtaW46YWRtaW4=' }, { authorization: 'Bearer' },
  { authorization: `Bearer ${'x'.repeat(5000)}` }, { cookie: 'nilai_session=not-a-session' }, { cookie: 'nilai_session=%00%ED%A0%80' },
];
