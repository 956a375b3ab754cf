/**
 * nilai_duration_bucket (migration 0046) and durationBucket (src/domain/reports/duration-sketch.ts) are
 * one definition written twice: the same bucket for every value, around each octave's edges, its
 * sub-bucket edges, the clamp, and many random durations. And the sketch entries' SQL helpers, with the
 * packed form the reports read (migration 0053).
 */
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { durationBucket, MAX_MS, SUB_BUCKETS } from '../../src/domain/reports/duration-sketch.js';
import { freshDatabase } from '../helpers/app.js';

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: await freshDatabase() });
  await client.connect();
});
afterAll(() => client.end());

async function sqlBuckets(values: number[]): Promise<number[]> {
  const r = await client.query<{ b: number }>('select nilai_duration_bucket(v) as b from unnest($1::bigint[]) with ordinality u(v, i) order by i', [values]);
  return r.rows.map((x) => x.b);
}

describe('nilai_duration_bucket', () => {
  it('agrees with durationBucket at every octave and sub-bucket edge, and at the clamp', async () => {
    const values = [0, -1, 1, 2, 3, MAX_MS - 1, MAX_MS, MAX_MS + 1, 10 * MAX_MS];
    for (let e = 0; e <= 35; e++) {
      for (let s = 0; s <= SUB_BUCKETS; s++) {
        const edge = 2 ** e + Math.ceil((s * 2 ** e) / SUB_BUCKETS);
        values.push(edge - 1, edge, edge + 1);
      }
    }
    expect(await sqlBuckets(values)).toEqual(values.map(durationBucket));
  });

  it('agrees with durationBucket for random durations', async () => {
    const values = fc.sample(fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 30 * 24 * 3600 * 1000 }), fc.integer({ min: 0, max: 2 * MAX_MS })), 20_000);
    expect(await sqlBuckets(values)).toEqual(values.map(durationBucket));
  });

  it('packs and unpacks sketch entries with negative counts, and adds sketches', async () => {
    const r = await client.query(`select nilai_sketch_key(nilai_sketch_entry(3000, -7)) as k, nilai_sketch_count(nilai_sketch_entry(3000, -7)) as n,
      nilai_sketch_add(array[nilai_sketch_entry(5, 2), nilai_sketch_entry(9, 1)], array[nilai_sketch_entry(5, -2), nilai_sketch_entry(7, 4)]) =
        array[nilai_sketch_entry(7, 4), nilai_sketch_entry(9, 1)] as added`);
    expect(r.rows[0]).toEqual({ k: 3000, n: -7, added: true });
  });

  it('packs a sketch into 6-byte entries (key int2, count int4, big-endian, in order) as migration 0053 says', async () => {
    const entries = fc.sample(fc.uniqueArray(fc.integer({ min: 0, max: 6 * 512 - 1 }), { maxLength: 400 }).chain((keys) =>
      fc.tuple(fc.constant(keys.sort((a, b) => a - b)), fc.array(fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }).filter((n) => n !== 0), { minLength: keys.length, maxLength: keys.length }))), 30);
    for (const [keys, counts] of entries) {
      const r = await client.query<{ b: Buffer }>('select nilai_sketch_pack(array(select nilai_sketch_entry(k, n) from unnest($1::int[], $2::bigint[]) with ordinality u(k, n, i) order by i)) as b', [keys, counts]);
      const b = r.rows[0]!.b;
      expect(b.length).toBe(6 * keys.length);
      expect(keys.map((_, i) => [b.readUInt16BE(6 * i), b.readInt32BE(6 * i + 2)])).toEqual(keys.map((k, i) => [k, counts[i]]));
    }
  });
});

