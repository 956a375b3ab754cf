/**
 * Wall-clock times of the workspace's time zone (reports, broadcasts), whatever zone the browser is in:
 * a datetime-local value read as a time in `zone`, and an instant written in `zone`.
 */

/** The zone's offset from UTC at `ms` (milliseconds to add to UTC for the zone's wall clock). */
function offsetAt(ms: number, zone: string): number {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    .formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(ms / 1000) * 1000;
}

/** "2026-12-10T09:00" (an <input type="datetime-local">) in `zone` → the instant, ISO 8601 UTC. */
export function zonedToIso(local: string, zone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!m) return new Date(local).toISOString();
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  // The offset at the guess, then at the result (a guess across a DST change needs the second look).
  let ms = wall - offsetAt(wall, zone);
  ms = wall - offsetAt(ms, zone);
  return new Date(ms).toISOString();
}

/** An instant as date and time in `zone`, in the UI's language. */
export function formatInZone(iso: string, zone: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(new Date(iso));
}

