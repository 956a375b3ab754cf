/**
 * Time-of-day and time-zone inputs. Times are typed as 24-hour HH:MM whatever the browser's locale
 * (a native time input shows 12-hour times with AM/PM in English browsers); time zones are picked from
 * the browser's list of IANA zones, searchable as you type.
 */
import { useId } from 'react';

/** "9" → "09:00", "930" → "09:30", "17.5" stays as typed (then refused by `isTime`). */
export function normalizeTime(v: string): string {
  const m = /^\s*(\d{1,2})(?:[:.]?(\d{2}))?\s*$/.exec(v);
  if (!m) return v;
  const [h, min = '00'] = [Number(m[1]), m[2]];
  return h <= 24 ? `${String(h).padStart(2, '0')}:${min}` : v;
}

/** 00:00 to 23:59, and 24:00 (the end of the day). */
export const isTime = (v: string) => /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/.test(v);

export function TimeInput(props: { value: string; onChange: (v: string) => void; label: string; invalid?: boolean }) {
  return (
    <input className="time-input" type="text" inputMode="numeric" autoComplete="off" placeholder="HH:MM" maxLength={5} aria-label={props.label} aria-invalid={props.invalid || undefined}
      value={props.value} onChange={(e) => props.onChange(e.target.value)} onBlur={(e) => props.onChange(normalizeTime(e.target.value))} />
  );
}

let zones: { zone: string; offset: string }[] | null = null;
/** Every IANA zone the browser knows, with its offset from UTC now (computed once). */
function timeZones() {
  if (!zones) {
    const names = Intl.supportedValuesOf('timeZone');
    if (!names.includes('UTC')) names.push('UTC');
    const now = new Date();
    zones = names.map((zone) => ({ zone, offset: new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'shortOffset' }).formatToParts(now).find((p) => p.type === 'timeZoneName')?.value ?? '' }));
  }
  return zones;
}

/** The zone's canonical name ("asia/jakarta" → "Asia/Jakarta"), or null when it is not a time zone. */
export function canonicalTimeZone(v: string): string | null {
  if (!v.trim()) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: v.trim() }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** A text input with the zones as suggestions; `a11y` comes from the surrounding Field. */
export function TimeZoneInput({ value, onChange, a11y }: { value: string; onChange: (v: string) => void; a11y: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean } }) {
  const listId = useId();
  return (
    <>
      <input {...a11y} list={listId} autoComplete="off" spellCheck={false} value={value} onChange={(e) => onChange(e.target.value)} onBlur={() => { const c = canonicalTimeZone(value); if (c && c !== value) onChange(c); }} />
      <datalist id={listId}>{timeZones().map((z) => <option key={z.zone} value={z.zone}>{z.offset}</option>)}</datalist>
    </>
  );
}
