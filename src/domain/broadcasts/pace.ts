/**
 * The per-channel rate of broadcasts (GCRA, a token bucket kept as one timestamp): a message may be
 * queued every 60 s / perMinute; a channel idle for a while may catch up at most one second's worth
 * at once (at least one message), so in any window of T seconds at most perMinute × T / 60 + burst go out.
 */
export const DEFAULT_PER_MINUTE = 60;

export const burstOf = (perMinute: number) => Math.max(1, Math.floor(perMinute / 60));

/** How many may be queued now (at most `want`), and the channel's next slot after them. */
export function takeSlots(p: { perMinute: number; nextAt: Date; now: Date; want: number }): { n: number; nextAt: Date } {
  const interval = 60_000 / p.perMinute;
  // An idle channel's slot lies in the past: it may catch up by the burst, not by all the time it idled.
  const earliest = p.now.getTime() - (burstOf(p.perMinute) - 1) * interval;
  const next = Math.max(p.nextAt.getTime(), earliest);
  if (next > p.now.getTime() || p.want <= 0) return { n: 0, nextAt: new Date(next) };
  const n = Math.min(p.want, Math.floor((p.now.getTime() - next) / interval) + 1);
  return { n, nextAt: new Date(next + n * interval) };
}
