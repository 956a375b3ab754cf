/** The period a scheduled report covers: the last complete day, or the last complete ISO week (Monday–Sunday), in the workspace's time zone. Pure. */
import { DateTime } from 'luxon';

export type Frequency = 'daily' | 'weekly';

export interface Period {
  /** ISO dates, both included. */
  from: string;
  to: string;
}

export function lastCompletePeriod(frequency: Frequency, now: Date, timeZone: string): Period {
  const today = DateTime.fromJSDate(now).setZone(timeZone).startOf('day');
  if (frequency === 'daily') {
    const d = today.minus({ days: 1 }).toISODate()!;
    return { from: d, to: d };
  }
  const monday = today.startOf('week').minus({ weeks: 1 });
  return { from: monday.toISODate()!, to: monday.plus({ days: 6 }).toISODate()! };
}

/** "Mon 30 Nov 2026" or "Mon 23 Nov – Sun 29 Nov 2026". */
export function periodLabel(p: Period): string {
  const f = DateTime.fromISO(p.from);
  const t = DateTime.fromISO(p.to);
  return p.from === p.to ? f.toFormat('ccc d LLL yyyy') : `${f.toFormat('ccc d LLL')} – ${t.toFormat('ccc d LLL yyyy')}`;
}
