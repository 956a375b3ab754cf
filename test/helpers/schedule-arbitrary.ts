/** fast-check arbitraries of office-hours schedules (weekly openings, zones with odd DST rules). */
import fc from 'fast-check';
import { WEEKDAYS, type Opening, type Weekday } from '../../src/domain/time/business-time.js';

const hhmm = (half: number) => `${String(Math.floor(half / 2)).padStart(2, '0')}:${half % 2 ? '30' : '00'}`;
/** Up to two openings a day on half hours, 00:00 and 24:00 included (sorted distinct points, paired up). */
export const day = fc.uniqueArray(fc.integer({ min: 0, max: 48 }), { maxLength: 4 }).map((points): Opening[] => {
  const p = [...points].sort((a, b) => a - b);
  const out: Opening[] = [];
  for (let i = 0; i + 1 < p.length; i += 2) out.push({ start: hhmm(p[i]!), end: hhmm(p[i + 1]!) });
  return out;
});
export const weekly = fc.tuple(day, day, day, day, day, day, day).map((days) => Object.fromEntries(WEEKDAYS.map((d, i) => [d, days[i]!])) as Record<Weekday, Opening[]>);
/** Zones with DST, half-hour DST (Lord Howe), changes at midnight (Havana, Santiago), none (Jakarta). */
export const zone = fc.constantFrom('Asia/Jakarta', 'America/New_York', 'Europe/London', 'Europe/Berlin', 'Australia/Sydney', 'Australia/Lord_Howe', 'America/Havana', 'America/Santiago', 'Asia/Tehran', 'Pacific/Chatham', 'UTC');
