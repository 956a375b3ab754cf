/**
 * Group commit: units of work that arrive within a millisecond or two of each other share one
 * transaction, so concurrent requests (single events, provider webhooks) pay for one COMMIT instead of
 * one each. Each caller still learns its outcome only after that COMMIT, so a 2xx still means stored.
 *
 * A unit of work must be safe to run again (all its effects inside the transaction it is given): when
 * one unit of a group throws, or the group's COMMIT fails (a deadlock with another group, a lost
 * connection), the group is rolled back and each unit runs again alone in its own transaction, so one
 * failing request never fails the others and its error is its own. No savepoints on the common path,
 * where they would cost two more round trips per unit.
 */
import type { Db } from './db.js';

export type Transact = <T>(work: (trx: Db) => Promise<T>) => Promise<T>;

interface Pending {
  work: (trx: Db) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

export interface GroupCommitOptions {
  /** How long the first unit of a group waits for others (ms). */
  windowMs?: number;
  /** A group is sent at once when it reaches this many units. */
  maxGroup?: number;
  /** Groups in flight at once (each holds one connection of the pool). */
  maxInFlight?: number;
}

export class GroupCommit {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight = 0;
  private readonly windowMs: number;
  private readonly maxGroup: number;
  private readonly maxInFlight: number;
  /** Groups committed and units in them, for the benchmark and the metrics. */
  readonly stats = { groups: 0, units: 0, fallbacks: 0 };

  constructor(private readonly db: Db, o: GroupCommitOptions = {}) {
    this.windowMs = o.windowMs ?? 1;
    this.maxGroup = o.maxGroup ?? 32;
    this.maxInFlight = o.maxInFlight ?? 4;
  }

  /** Runs `work` in a transaction shared with the units arriving alongside; resolves after the COMMIT. */
  readonly run: Transact = <T>(work: (trx: Db) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (this.pending.length >= this.maxGroup) this.flushSoon(0);
      else this.flushSoon(this.windowMs);
    });

  private flushSoon(ms: number): void {
    if (this.timer && ms > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, ms);
  }

  private flush(): void {
    // Too many groups in flight: the units wait and join the next group (which grows meanwhile).
    while (this.pending.length > 0 && this.inFlight < this.maxInFlight) {
      const group = this.pending.splice(0, this.maxGroup);
      this.inFlight++;
      void this.commit(group).finally(() => {
        this.inFlight--;
        if (this.pending.length > 0) this.flushSoon(0);
      });
    }
  }

  private async commit(group: Pending[]): Promise<void> {
    if (group.length === 1) return this.alone(group[0]!);
    const results: unknown[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const unit of group) results.push(await unit.work(trx));
      });
    } catch {
      this.stats.fallbacks++;
      for (const unit of group) await this.alone(unit);
      return;
    }
    this.stats.groups++;
    this.stats.units += group.length;
    group.forEach((unit, i) => unit.resolve(results[i]));
  }

  private async alone(unit: Pending): Promise<void> {
    try {
      unit.resolve(await this.db.transaction().execute((trx) => unit.work(trx)));
      this.stats.groups++;
      this.stats.units++;
    } catch (err) {
      unit.reject(err);
    }
  }
}
