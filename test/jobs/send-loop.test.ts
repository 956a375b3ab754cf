/**
 * The send loop against a stand-in for pg-boss's fetch / complete / fail (the real queue is exercised by
 * the channel and dispatch tests): at most `concurrency` sends open (started, result not recorded) while
 * a lookahead is claimed, sends answered together are recorded together, jobs are completed after their
 * record, a failing one is failed alone, and a job that comes back (pg-boss expired it while its slow
 * send still runs here) is not sent a second time.
 */
import type PgBoss from 'pg-boss';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { startSendLoop } from '../../src/jobs/send-loop.js';
import { eventually } from '../helpers/receiver.js';

type Job = PgBoss.JobWithMetadata<{ n: number }>;
const job = (id: string): Job => ({ id, name: 'q', data: { n: Number(id) }, retryCount: 0, retryLimit: 8 } as Job);
const log = pino({ level: 'silent' });

function stubBoss(queue: Job[][]) {
  const done: string[] = [];
  const failed: string[] = [];
  const asked: number[] = [];
  const boss = {
    fetch: async (_name: string, o: { batchSize: number }) => {
      asked.push(o.batchSize);
      return (queue.shift() ?? []).slice(0, o.batchSize);
    },
    complete: async (_name: string, ids: string[]) => void done.push(...ids),
    fail: async (_name: string, id: string) => void failed.push(id),
  } as unknown as PgBoss;
  return { boss, done, failed, asked };
}

describe('send loop', () => {
  it('keeps at most `concurrency` sends open, claims a lookahead, records answers together, fails a failing one alone', async () => {
    const { boss, done, failed, asked } = stubBoss([[job('1'), job('2'), job('3'), job('4')], [job('5')]]);
    const release = new Map<string, () => void>();
    const started: string[] = [];
    const claimed: string[][] = [];
    const recorded: string[][] = [];
    let open = 0;
    let most = 0;
    let recording = Promise.resolve();
    let finishRecord = () => {};
    const loop = startSendLoop<{ n: number }, string, string>(boss, 'q', { concurrency: 2, lookahead: 2, pollingIntervalMs: 10, log }, {
      claim: async (jobs) => {
        claimed.push(jobs.map((j) => j.id));
        // Job 3 needs no send (say, its invitation expired): it is completed at once.
        return new Map(jobs.filter((j) => j.id !== '3').map((j) => [j.id, `send ${j.id}`]));
      },
      send: (j) => {
        started.push(j.id);
        most = Math.max(most, ++open);
        return new Promise<string>((resolve) => release.set(j.id, () => resolve(j.id === '2' ? 'temporary' : 'ok')));
      },
      record: async (batch) => {
        recorded.push(batch.map((b) => b.job.id));
        await recording;
        open -= batch.length;
        return new Map(batch.filter((b) => b.r === 'temporary').map((b) => [b.job.id, 'provider down']));
      },
    });
    await eventually(async () => started.length === 2 && done.includes('3'));
    expect(asked[0]).toBe(4); // two free slots and a lookahead of two
    expect(claimed[0]).toEqual(['1', '2', '3', '4']);
    expect(started).toEqual(['1', '2']);
    // 1 answers; while its record commits, 2 answers: recorded together next.
    recording = new Promise<void>((r) => (finishRecord = r));
    release.get('1')!();
    await eventually(async () => recorded.length === 1);
    release.get('2')!();
    await new Promise((r) => setTimeout(r, 20));
    expect(started).toEqual(['1', '2']); // no slot is free before a record commits
    finishRecord();
    recording = Promise.resolve();
    // Each record frees a slot: 4 (claimed ahead) and 5 go out.
    await eventually(async () => recorded.length === 2 && started.length === 4 && failed.length === 1);
    expect(recorded).toEqual([['1'], ['2']]);
    expect(failed).toEqual(['2']);
    release.get('4')!();
    release.get('5')!();
    await loop.stop();
    expect(most).toBe(2);
    expect([done.sort(), failed]).toEqual([['1', '3', '4', '5'], ['2']]);
  });

  it('does not send again a job handed back while its send is still running here', async () => {
    const { boss, done, asked } = stubBoss([[job('7')], [job('7')], [job('7')]]);
    let sends = 0;
    let finish = () => {};
    const loop = startSendLoop<{ n: number }, true, true>(boss, 'q', { concurrency: 2, pollingIntervalMs: 5, log }, {
      claim: async (jobs) => new Map(jobs.map((j) => [j.id, true])),
      send: () => {
        sends++;
        return new Promise<true>((resolve) => (finish = () => resolve(true)));
      },
      record: async () => new Map(),
    });
    await eventually(async () => asked.length >= 3); // job 7 was handed back twice meanwhile
    finish();
    await loop.stop();
    expect([sends, done]).toEqual([1, ['7']]);
  });

  it('on stop, sends what it claimed and records it before returning', async () => {
    const { boss, done } = stubBoss([[job('1'), job('2'), job('3')]]);
    const recorded: string[] = [];
    const loop = startSendLoop<{ n: number }, true, true>(boss, 'q', { concurrency: 1, lookahead: 2, pollingIntervalMs: 5, log }, {
      claim: async (jobs) => new Map(jobs.map((j) => [j.id, true])),
      send: () => new Promise<true>((resolve) => setTimeout(() => resolve(true), 5)),
      record: async (batch) => {
        recorded.push(...batch.map((b) => b.job.id));
        return new Map();
      },
    });
    await eventually(async () => recorded.length >= 1);
    await loop.stop();
    expect([recorded, done.sort()]).toEqual([['1', '2', '3'], ['1', '2', '3']]);
  });
});
