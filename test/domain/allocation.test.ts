/** Allocation rules (domain/allocation): property tests over random divisions, workloads and queues. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRound, type AgentState } from '../../src/domain/allocation/allocate.js';
import { chooseAgent } from '../../src/domain/allocation/choose-agent.js';
import { isIdle, waitingSince } from '../../src/domain/allocation/idle.js';

const availability = fc.constantFrom('online' as const, 'busy' as const, 'offline' as const);
const channels = ['c1', 'c2'];
const agents = fc.uniqueArray(fc.record({
  key: fc.string({ minLength: 1, maxLength: 3 }),
  availability,
  c1: fc.nat(5),
  c2: fc.nat(5),
}), { selector: (a) => a.key, maxLength: 6 }).map((xs): AgentState[] => xs.map((a) => ({ key: a.key, availability: a.availability, openByChannel: new Map([['c1', a.c1], ['c2', a.c2]]) })));
const settings = fc.record({
  method: fc.constantFrom('round_robin' as const, 'least_open' as const),
  workloadLimit: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
  workloadScope: fc.constantFrom('all_channels' as const, 'per_channel' as const),
});
const waiting = fc.array(fc.constantFrom(...channels), { maxLength: 30 }).map((cs) => cs.map((channelId, i) => ({ id: `w${i}`, channelId })));

const count = (a: AgentState, scope: string, channelId: string) => (scope === 'per_channel' ? (a.openByChannel.get(channelId) ?? 0) : [...a.openByChannel.values()].reduce((x, y) => x + y, 0));

describe('planRound', () => {
  it('never puts an agent over the limit, assigns only online agents, and queues only when nobody is free', () => {
    fc.assert(fc.property(settings, agents, waiting, (s, as, ws) => {
      const plan = planRound({ settings: s, agents: as, waiting: ws, idle: [], lastKey: null });
      const after = new Map(as.map((a) => [a.key, new Map(a.openByChannel)]));
      for (const x of plan.assignments) {
        const agent = as.find((a) => a.key === x.agentKey)!;
        expect(agent.availability).toBe('online');
        const ch = ws.find((w) => w.id === x.conversationId)!.channelId;
        const m = after.get(x.agentKey)!;
        const before = count({ ...agent, openByChannel: m }, s.workloadScope, ch);
        if (s.workloadLimit !== null) expect(before).toBeLessThan(s.workloadLimit);
        m.set(ch, (m.get(ch) ?? 0) + 1);
      }
      expect(plan.assignments.length + plan.waiting.length).toBe(ws.length);
      // Whatever waits, waits because nobody online is under the limit in its scope.
      for (const id of plan.waiting) {
        const ch = ws.find((w) => w.id === id)!.channelId;
        for (const a of as) {
          if (a.availability !== 'online' || s.workloadLimit === null) continue;
          expect(count({ ...a, openByChannel: after.get(a.key)! }, s.workloadScope, ch)).toBeGreaterThanOrEqual(s.workloadLimit);
        }
        if (s.workloadLimit === null) expect(as.some((a) => a.availability === 'online')).toBe(false);
      }
    }));
  });

  it('round robin is fair: among online agents without a limit, counts differ by at most one', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }), fc.nat(40), fc.option(fc.string({ maxLength: 3 }), { nil: null }), (keys, n, lastKey) => {
      const as = keys.map((key): AgentState => ({ key, availability: 'online', openByChannel: new Map() }));
      const ws = Array.from({ length: n }, (_, i) => ({ id: `w${i}`, channelId: 'c1' }));
      const plan = planRound({ settings: { method: 'round_robin', workloadLimit: null, workloadScope: 'all_channels' }, agents: as, waiting: ws, idle: [], lastKey });
      const got = keys.map((k) => plan.assignments.filter((x) => x.agentKey === k).length);
      expect(Math.max(...got) - Math.min(...got)).toBeLessThanOrEqual(1);
    }));
  });

  it('least open gives the conversation to the agent with fewest open chats', () => {
    fc.assert(fc.property(agents, (as) => {
      const key = chooseAgent({ method: 'least_open', limit: null, candidates: as.map((a) => ({ key: a.key, availability: a.availability, open: count(a, 'all_channels', 'c1') })), lastKey: null });
      const online = as.filter((a) => a.availability === 'online');
      if (!online.length) {
        expect(key).toBeNull();
        return;
      }
      const least = Math.min(...online.map((a) => count(a, 'all_channels', 'c1')));
      expect(count(as.find((a) => a.key === key)!, 'all_channels', 'c1')).toBe(least);
    }));
  });

  it('the idle rule never gives a conversation back to the agent holding it, nor over a limit', () => {
    fc.assert(fc.property(settings, agents, fc.array(fc.nat(5), { maxLength: 10 }), (s, as, holders) => {
      fc.pre(as.length > 0);
      const idle = holders.map((h, i) => ({ id: `i${i}`, channelId: 'c1', agentKey: as[h % as.length]!.key }));
      const plan = planRound({ settings: s, agents: as, waiting: [], idle, lastKey: null });
      for (const x of plan.assignments) {
        expect(x.reason).toBe('idle');
        expect(x.agentKey).not.toBe(x.fromKey);
        expect(x.fromKey).toBe(idle.find((c) => c.id === x.conversationId)!.agentKey);
      }
      if (s.workloadLimit !== null) {
        const after = new Map(as.map((a) => [a.key, count(a, s.workloadScope, 'c1')]));
        for (const x of plan.assignments) {
          expect(after.get(x.agentKey)!).toBeLessThan(s.workloadLimit);
          after.set(x.agentKey, after.get(x.agentKey)! + 1);
          after.set(x.fromKey!, after.get(x.fromKey!)! - 1);
        }
      }
    }));
  });
});

describe('idle rule', () => {
  const t = (m: number) => new Date(Date.UTC(2026, 0, 1, 9, m)).toISOString();
  it('waits from the first unanswered customer message, or from the assignment when later', () => {
    expect(waitingSince([{ at: t(0), sender: 'customer' }, { at: t(2), sender: 'agent' }], t(0))).toBeNull();
    expect(waitingSince([{ at: t(0), sender: 'customer' }, { at: t(2), sender: 'agent' }, { at: t(3), sender: 'customer' }, { at: t(4), sender: 'customer' }], t(0))).toBe(t(3));
    expect(waitingSince([{ at: t(0), sender: 'customer' }, { at: t(1), sender: 'bot' }], t(5))).toBe(t(5));
    expect(isIdle({ messages: [{ at: t(0), sender: 'customer' }], assignedAt: t(0), idleMinutes: 10, now: new Date(t(10)) })).toBe(false);
    expect(isIdle({ messages: [{ at: t(0), sender: 'customer' }], assignedAt: t(0), idleMinutes: 10, now: new Date(t(11)) })).toBe(true);
  });
});
