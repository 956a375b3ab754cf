import { hashSecret } from '../lib/secret-token.js';

/**
 * Point reads by key that arrive together share one statement (`… where key = any($1)`): concurrent
 * survey page views cost one round trip, one plan and one result to parse between them instead of one
 * each. A read is sent no earlier than the turn of the event loop it was asked in, so it always sees
 * what its caller committed before asking; nothing is kept once it has answered (no cache: the rows
 * read may be changed by another process at any moment).
 *
 * While `maxInFlight` statements run, reads wait for the next free one and go together with the others
 * that arrived meanwhile: under load, the batches grow instead of the round trips.
 */
export interface BatchedReadOptions {
  /** Keys per statement at most. */
  maxBatch?: number;
  /** Statements running at once (each holds one connection of the pool). */
  maxInFlight?: number;
}

interface Waiter<V> { resolve(value: V | undefined): void; reject(err: unknown): void }

export class BatchedReads<K, V> {
  private pending = new Map<string, { key: K; waiters: Waiter<V>[] }>();
  private scheduled = false;
  private inFlight = 0;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  /** Statements sent and keys in them, for the benchmark. */
  readonly stats = { batches: 0, keys: 0 };

  /**
   * `read` answers the rows of some keys (any order, none for a key not found); `idOf` names a key and
   * `rowId` the key of a row, as the same string.
   */
  constructor(
    private readonly read: (keys: K[]) => Promise<V[]>,
    private readonly idOf: (key: K) => string,
    private readonly rowId: (row: V) => string,
    o: BatchedReadOptions = {},
  ) {
    this.maxBatch = o.maxBatch ?? 100;
    this.maxInFlight = o.maxInFlight ?? 2;
  }

  /** The row of `key`, or undefined when there is none. */
  load(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const id = this.idOf(key);
      const entry = this.pending.get(id);
      if (entry) entry.waiters.push({ resolve, reject });
      else this.pending.set(id, { key, waiters: [{ resolve, reject }] });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.pending.size === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.maxInFlight && this.pending.size > 0) {
      const batch = [...this.pending.entries()].slice(0, this.maxBatch);
      for (const [id] of batch) this.pending.delete(id);
      this.inFlight++;
      this.stats.batches++;
      this.stats.keys += batch.length;
      this.read(batch.map(([, e]) => e.key)).then(
        (rows) => {
          const byId = new Map<string, V>();
          for (const row of rows) byId.set(this.rowId(row), row);
          for (const [id, e] of batch) for (const w of e.waiters) w.resolve(byId.get(id));
        },
        (err: unknown) => {
          for (const [, e] of batch) for (const w of e.waiters) w.reject(err);
        },
      ).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }
}

/**
 * BatchedReads keyed by a secret's plaintext (an API token, a survey link's token) whose rows are found
 * by its hash (lib/secret-token hashSecret): `read` gets the hashes, each distinct secret of a batch
 * hashed once (concurrent requests with one secret share its key), and `hashOf` names a row's hash as hex.
 */
export function secretReads<V extends object>(read: (hashes: Buffer[]) => Promise<V[]>, hashOf: (row: V) => string, o?: BatchedReadOptions): BatchedReads<string, V> {
  const secretOf = new WeakMap<V, string>();
  return new BatchedReads(async (secrets) => {
    const hashes = secrets.map(hashSecret);
    const byHash = new Map(hashes.map((h, i) => [h.toString('hex'), secrets[i]!]));
    const rows = await read(hashes);
    for (const row of rows) secretOf.set(row, byHash.get(hashOf(row))!);
    return rows;
  }, (secret) => secret, (row) => secretOf.get(row)!, o);
}
