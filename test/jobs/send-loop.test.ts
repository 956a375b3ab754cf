/**
 * The send loop against a stand-in for pg-boss's fetch / complete / fail (the real queue is exercised by
 * the channel tests): claims only free slots, completes each job on its own, and a job that comes back
 * (pg-boss expired it while its slow send still runs here) is not sent a second time.
 */
import type PgBoss from 'pg-boss';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { startSendLoop } from '../../src/jobs/send-loop.js';
import { eventually } from '../helpers/receiver.js';

type Job = PgBoss.JobWithMetadata<{ n: number }>;
const job = (id: string): Job => ({ id, name: 'q', data: { n: Number(id) }, retryCount: 0, retryLimit: 8 } as Job);

function stubBoss(queue: Job[][]) {
  const done: string[] = [];
  const failed: string[] = [];
  const asked: number[] = [];
  const boss = {
    fetch: async (_name: string, o: { batchSize: number }) => {
      asked.push(o.batchSize);
      return (queue.shift() ?? []).slice(0, o.batchSize);
    },
    complete: async (_name: string, id: string) => void done.push(id),
    fail: async (_name: string, id: string) => void failed.push(id),
  } as unknown as PgBoss;
  return { boss, done, failed, asked };
}

describe('send loop', () => {
  it('claims only free slots, completes each send on its own, fails a throwing one alone', async () => {
    const { boss, done, failed, asked } = stubBoss([[job('1'), job('2'), job('3')], [job('4')]]);
    const release = new Map<string, () => void>();
    const started: string[] = [];
    const loop = startSendLoop<{ n: number }>(boss, 'q', { concurrency: 3, pollingIntervalMs: 10, log: pino({ level: 'silent' }) }, (j) => {
      started.push(j.id);
      return new Promise<void>((resolve, reject) => release.set(j.id, () => (j.id === '2' ? reject(new Error('temporary')) : resolve())));
    });
    await eventually(async () => started.length === 3);
    expect(asked).toEqual([3]);
    release.get('2')!();
    await eventually(async () => failed.length === 1 && started.length === 4);
    expect(asked.slice(0, 2)).toEqual([3, 1]); // one slot was free
    expect(done).toEqual([]);
    release.get('1')!();
    await eventually(async () => done.length === 1);
    expect(done).toEqual(['1']);
    release.get('3')!();
    release.get('4')!();
    await loop.stop();
    expect([done.sort(), failed]).toEqual([['1', '3', '4'], ['2']]);
  });

  it('does not send again a job handed back while its send is still running here', async () => {
    const { boss, done, asked } = stubBoss([[job('7')], [job('7')], [job('7')]]);
    let sends = 0;
    let finish = () => {};
    const loop = startSendLoop<{ n: number }>(boss, 'q', { concurrency: 2, pollingIntervalMs: 5, log: pino({ level: 'silent' }) }, () => {
      sends++;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    await eventually(async () => asked.length >= 3); // job 7 was handed back twice meanwhile
    finish();
    await loop.stop();
    expect([sends, done]).toEqual([1, ['7']]);
  });
});
