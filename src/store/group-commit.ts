/**
 * Group commit: units of work that arrive within a millisecond or two of each other share one
 * transaction, so concurrent requests (single events, provider webhooks) pay for one COMMIT instead of
 * one each. Each caller still learns its outcome only after that COMMIT, so a 2xx still means stored.
 *
 * Two kinds of unit: a closure (`run`: its statements, one after another with the group's others), and
 * an item of a `Batched` kind (`add`): the group's items of one kind are written together by the kind's
 * `many`, one statement per table for the whole group (provider webhooks: one INSERT of the rows, one of
 * their jobs), so a unit costs no round trip of its own.
 *
 * A unit must be safe to run again (all its effects inside the transaction it is given): when one unit
 * of a group throws, or the group's COMMIT fails (a deadlock with another group, a lost connection), the
 * group is rolled back and each unit runs again alone in its own transaction, so one failing request
 * never fails the others and its error is its own. No savepoints on the common path, where they would
 * cost two more round trips per unit.
 *
 * The group's transaction is pipelined (store/pipelined.ts): BEGIN goes with its first statement, and
 * its COMMIT right behind the writes the kinds send, so a group of webhooks costs one round trip.
 */
import type { Db } from './db.js';
import { Later, pipedTransaction, type Send } from './pipelined.js';

export type Transact = <T>(work: (trx: Db) => Promise<T>) => Promise<T>;

/** Writes one item of `kind` in a pipelined transaction of its own (no group); answers after its COMMIT. */
export function addAlone<I, O>(db: Db, kind: Batched<I, O>, item: I): Promise<O> {
  return pipedTransaction(db, async (trx, send) => {
    const r = await kind.many(trx, [item], send);
    return r instanceof Later ? new Later(r.settled.then((list) => list[0]!)) : r[0]!;
  });
}

/**
 * Units written together: `many` gets the group's items of this kind in arrival order, answers one
 * result each, or a Later of them (store/pipelined: statements it sent with `send`, answered after the
 * group's COMMIT is written behind them).
 */
export interface Batched<I, O> {
  many(trx: Db, items: I[], send: Send): Promise<O[] | Later<O[]>>;
  /**
   * The rows an item locks (any strings naming them). An item sharing one with a group in flight waits
   * for the next group instead of joining another one that would only wait on that group's locks while
   * holding a connection (and its own locks); items with a key in common keep their arrival order.
   */
  keysOf?(item: I): readonly string[];
}

type Unit =
  | { work: (trx: Db) => Promise<unknown>; kind?: undefined; item?: undefined }
  | { work?: undefined; kind: Batched<unknown, unknown>; item: unknown };
type Pending = Unit & { resolve(value: unknown): void; reject(err: unknown): void; at: number; keys: readonly string[] };

export interface GroupCommitOptions {
  /**
   * How long the first unit of a group waits for others (ms). 0 (the default): the units of this turn
   * of the event loop go together, and those arriving while every group slot commits join the next
   * group. Measured (bench/events.ts and bench/webhooks.ts, 2 cores, 3 A/B runs): 0 instead of 1 ms gave
   * 0.122 against 0.113 of single-row commits for single events, 0.165 against 0.144 of bare Fastify
   * for webhooks (the groups are a little smaller, but nobody waits for a window to close).
   */
  windowMs?: number;
  /** A group is sent at once when it reaches this many units. */
  maxGroup?: number;
  /**
   * Groups in flight at once (each holds one connection of the pool). Measured with 16 webhook senders
   * (bench/webhooks.ts, 2 shared cores): 4 in flight made groups of 3.2, 2 of 4.8 at more webhooks a
   * second and a lower p50, 1 of 7.4 but a commit's wait doubled the latency.
   */
  maxInFlight?: number;
}

export class GroupCommit {
  private pending: Pending[] = [];
  private timer: { handle: NodeJS.Timeout | NodeJS.Immediate; immediate: boolean } | null = null;
  private inFlight = 0;
  private readonly windowMs: number;
  private readonly maxGroup: number;
  private readonly maxInFlight: number;
  /** Groups committed and units in them, for the benchmark and the metrics. */
  readonly stats = { groups: 0, units: 0, fallbacks: 0 };
  /** Groups committed by size (index: units in the group), for the benchmarks. */
  readonly sizes: number[] = [];
  /** Summed over units: ms from arrival until its group started, and until its group committed (the benchmarks print the means). */
  readonly waits = { queuedMs: 0, committedMs: 0 };

  constructor(private readonly db: Db, o: GroupCommitOptions = {}) {
    this.windowMs = o.windowMs ?? 0;
    this.maxGroup = o.maxGroup ?? 64;
    this.maxInFlight = o.maxInFlight ?? 2;
  }

  /** Runs `work` in a transaction shared with the units arriving alongside; resolves after the COMMIT. */
  readonly run: Transact = <T>(work: (trx: Db) => Promise<T>) => this.enqueue<T>({ work });

  /** Writes `item` with the group's other items of `kind` (one `kind.many` call); resolves after the COMMIT. */
  add<I, O>(kind: Batched<I, O>, item: I): Promise<O> {
    return this.enqueue<O>({ kind: kind as Batched<unknown, unknown>, item });
  }

  private enqueue<T>(unit: Unit): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ ...unit, resolve: resolve as (v: unknown) => void, reject, at: performance.now(), keys: unit.kind?.keysOf?.(unit.item) ?? [] });
      // Units gather during the window (0: those of this event-loop turn), and while every group slot is
      // busy committing: a group that ends sends what gathered meanwhile.
      if (this.pending.length >= this.maxGroup) this.flushSoon(0);
      else this.flushSoon(this.windowMs);
    });
  }

  /** `ms` 0: at the end of this turn of the event loop (the units that arrived in it go together). */
  private flushSoon(ms: number): void {
    if (this.timer && (ms > 0 || this.timer.immediate)) return;
    if (this.timer) clearTimeout(this.timer.handle as NodeJS.Timeout);
    const go = () => {
      this.timer = null;
      this.flush();
    };
    this.timer = ms > 0 ? { handle: setTimeout(go, ms), immediate: false } : { handle: setImmediate(go), immediate: true };
  }

  private flush(): void {
    // Too many groups in flight: the units wait and join the next group (which grows meanwhile).
    while (this.pending.length > 0 && this.inFlight < this.maxInFlight) {
      const group = this.take();
      if (!group.length) return; // all of them wait for keys a group in flight holds
      const keys = group.flatMap((u) => u.keys);
      for (const k of keys) this.busy.set(k, (this.busy.get(k) ?? 0) + 1);
      this.inFlight++;
      void this.commit(group).finally(() => {
        for (const k of keys) {
          const n = this.busy.get(k)! - 1;
          if (n) this.busy.set(k, n);
          else this.busy.delete(k);
        }
        this.inFlight--;
        if (this.pending.length > 0) this.flushSoon(0);
      });
    }
  }

  /** Keys held by the groups in flight (a count per key). */
  private readonly busy = new Map<string, number>();

  /** The next group: pending units in arrival order, but none with a key a group in flight holds (nor one after it with a key in common). */
  private take(): Pending[] {
    if (!this.busy.size && this.pending.length <= this.maxGroup) return this.pending.splice(0);
    const group: Pending[] = [];
    const rest: Pending[] = [];
    const held = new Set<string>();
    for (const unit of this.pending) {
      if (group.length < this.maxGroup && !unit.keys.some((k) => this.busy.has(k) || held.has(k))) group.push(unit);
      else {
        rest.push(unit);
        for (const k of unit.keys) held.add(k);
      }
    }
    this.pending = rest;
    return group;
  }

  private async commit(group: Pending[]): Promise<void> {
    const start = performance.now();
    for (const unit of group) this.waits.queuedMs += start - unit.at;
    if (group.length === 1) return this.alone(group[0]!);
    let results: unknown[];
    try {
      results = await pipedTransaction(this.db, async (trx, send) => {
        const out = new Array<unknown>(group.length);
        const byKind = new Map<Batched<unknown, unknown>, number[]>();
        for (const [i, unit] of group.entries()) {
          if (unit.work) out[i] = await unit.work(trx);
          else byKind.set(unit.kind, [...(byKind.get(unit.kind) ?? []), i]);
        }
        const later: Promise<void>[] = [];
        for (const [kind, at] of byKind) {
          const place = (list: unknown[]) => {
            if (list.length !== at.length) throw new Error(`group commit: ${at.length} items, ${list.length} results`);
            at.forEach((i, j) => (out[i] = list[j]));
          };
          const r = await kind.many(trx, at.map((i) => group[i]!.item), send);
          if (r instanceof Later) later.push(r.settled.then(place));
          else place(r);
        }
        return later.length ? new Later(Promise.all(later).then(() => out)) : out;
      });
    } catch {
      this.stats.fallbacks++;
      for (const unit of group) await this.alone(unit);
      return;
    }
    this.stats.groups++;
    this.stats.units += group.length;
    this.sizes[group.length] = (this.sizes[group.length] ?? 0) + 1;
    const end = performance.now();
    group.forEach((unit, i) => {
      this.waits.committedMs += end - unit.at;
      unit.resolve(results[i]);
    });
  }

  private async alone(unit: Pending): Promise<void> {
    try {
      const result = unit.work ? await pipedTransaction(this.db, (trx) => unit.work(trx)) : await addAlone(this.db, unit.kind, unit.item);
      this.waits.committedMs += performance.now() - unit.at;
      unit.resolve(result);
      this.stats.groups++;
      this.stats.units++;
      this.sizes[1] = (this.sizes[1] ?? 0) + 1;
    } catch (err) {
      unit.reject(err);
    }
  }
}
