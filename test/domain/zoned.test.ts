/** The admin app's wall-clock times in the workspace's zone (web/src/zoned.ts), whatever the browser's zone. */
import { DateTime } from 'luxon';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInZone, zonedToIso } from '../../web/src/zoned.js';

describe('zonedToIso', () => {
  it('reads a datetime-local value in the given zone', () => {
    expect(zonedToIso('2026-12-10T09:00', 'Asia/Jakarta')).toBe('2026-12-10T02:00:00.000Z');
    expect(zonedToIso('2026-07-01T09:00', 'America/New_York')).toBe('2026-07-01T13:00:00.000Z');
    expect(zonedToIso('2026-01-15T09:00', 'America/New_York')).toBe('2026-01-15T14:00:00.000Z');
    expect(zonedToIso('2026-03-08T03:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z'); // just after the spring-forward gap
  });

  it('agrees with luxon for any minute of 2020–2035 in zones with and without DST', () => {
    fc.assert(fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }), fc.constantFrom('Asia/Jakarta', 'America/New_York', 'Europe/Berlin', 'Australia/Adelaide', 'Asia/Kolkata'), (ms, zone) => {
      const local = DateTime.fromMillis(ms, { zone }).startOf('minute');
      // Wall times that exist once (not inside a DST gap or overlap) map back to the same instant.
      const wall = local.toFormat("yyyy-MM-dd'T'HH:mm");
      const earlier = local.minus({ hours: 1 }).toFormat("yyyy-MM-dd'T'HH:mm");
      const later = local.plus({ hours: 1 }).toFormat("yyyy-MM-dd'T'HH:mm");
      if (local.offset !== local.minus({ hours: 3 }).offset || local.offset !== local.plus({ hours: 3 }).offset || earlier === wall || later === wall) return;
      expect(zonedToIso(wall, zone)).toBe(local.toUTC().toISO());
    }), { numRuns: 500 });
  });
});

describe('formatInZone', () => {
  it('writes an instant in the zone, not the machine\'s', () => {
    expect(formatInZone('2026-12-04T21:19:29Z', 'Asia/Jakarta', 'en')).toBe('Dec 5, 2026, 4:19 AM');
  });
});
