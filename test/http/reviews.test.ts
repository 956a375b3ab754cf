import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';

let t: TestApp;
let ws: Seeded;
let rx: Receiver;

beforeAll(async () => {
  t = await startApp();
  ws = await seedWorkspace(t.db);
  rx = await startReceiver();
  const ch = (await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Web', type: 'web', config: { callbackUrl: rx.url } })).body.id;
  for (const id of ['r1', 'r2']) {
    const e = eventsFor({ conversationId: id, channelId: ch, contactId: `k-${id}`, agentId: ws.agentId });
    await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer, e.agent, e.resolved()]);
  }
});
afterAll(async () => {
  await t.close();
  await rx.close();
});

describe('quality reviews and the agent scorecard', () => {
  it('starts with a default rubric and validates a new one', async () => {
    const r = await call(t.url, 'GET', '/api/v1/review-rubric', ws.tokens.agent);
    expect(r.body.custom).toBe(false);
    expect(r.body.criteria.map((c: any) => c.weight)).toEqual([20, 25, 40, 15]);
    const bad = await call(t.url, 'PUT', '/api/v1/review-rubric', ws.tokens.admin, { criteria: [{ id: 'a', name: 'A', weight: 0 }, { id: 'a', name: ' ', weight: 10 }] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: any) => d.path)).toEqual(['criteria.0.weight', 'criteria.1.id', 'criteria.1.name']);
    const ok = await call(t.url, 'PUT', '/api/v1/review-rubric', ws.tokens.admin, { criteria: [{ id: 'empathy', name: 'Empathy', weight: 1 }, { id: 'accuracy', name: 'Accuracy', weight: 3 }] });
    expect(ok.body.custom).toBe(true);
    expect((await call(t.url, 'PUT', '/api/v1/review-rubric', ws.tokens.supervisor, { criteria: [] })).status).toBe(403);
  });

  it('weighs the 1–5 scores to 0–100 and checks every criterion is scored', async () => {
    // empathy 5 → 1.0 × 1, accuracy 3 → 0.5 × 3: (1 + 1.5) / 4 = 62.5
    const r = await call(t.url, 'POST', '/api/v1/conversations/r1/reviews', ws.tokens.supervisor, { scores: { empathy: 5, accuracy: 3 }, comment: 'Good tone, one wrong detail.' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ conversationId: 'r1', agentId: ws.agentId, reviewerId: ws.supervisorId, score: 62.5, comment: 'Good tone, one wrong detail.' });
    const second = await call(t.url, 'POST', '/api/v1/conversations/r2/reviews', ws.tokens.supervisor, { scores: { empathy: 1, accuracy: 5 } });
    expect(second.body.score).toBe(75);
    const bad = await call(t.url, 'POST', '/api/v1/conversations/r2/reviews', ws.tokens.supervisor, { scores: { empathy: 6, speed: 3 } });
    expect(bad.body.error.details.map((d: any) => d.path)).toEqual(['scores.empathy', 'scores.accuracy', 'scores.speed']);
    expect((await call(t.url, 'POST', '/api/v1/conversations/r2/reviews', ws.tokens.agent, { scores: {} })).status).toBe(403);
    expect((await call(t.url, 'POST', '/api/v1/conversations/nope/reviews', ws.tokens.supervisor, { scores: {} })).status).toBe(404);
  });

  it('shows the scorecard with survey figures and the review average; agents only their own', async () => {
    const own = await call(t.url, 'GET', `/api/v1/agents/${ws.agentId}/scorecard`, ws.tokens.agent);
    expect(own.status).toBe(200);
    expect(own.body.agent.name).toBe('Budi Agent');
    expect(own.body.reviews).toMatchObject({ n: 2, averageScore: 68.75 });
    expect(own.body.reviews.latest).toHaveLength(2);
    expect(own.body.figures.invitations.scheduled).toBe(2);
    expect(own.body.figures.resolvedConversations).toBe(2);
    expect((await call(t.url, 'GET', `/api/v1/agents/${ws.supervisorId}/scorecard`, ws.tokens.agent)).status).toBe(404);
    expect((await call(t.url, 'GET', `/api/v1/agents/${ws.agentId}/scorecard`, ws.tokens.supervisor)).status).toBe(200);
    expect((await call(t.url, 'GET', '/api/v1/reviews', ws.tokens.agent)).body.items).toHaveLength(2);
    expect((await call(t.url, 'GET', `/api/v1/reviews?agentId=${ws.supervisorId}`, ws.tokens.admin)).body.items).toHaveLength(0);
  });

  it('shows a conversation with its timings, SLA outcome, answers and reviews', async () => {
    const r = await call(t.url, 'GET', '/api/v1/conversations/r1', ws.tokens.supervisor);
    expect(r.status).toBe(200);
    // The customer wrote at minute 1 and the agent answered at minute 3 (test/helpers/events.ts).
    expect(r.body.timings.firstResponse.wallSeconds).toBe(120);
    expect(r.body.timings.resolution.wallSeconds).toBeGreaterThan(0);
    expect(Object.keys(r.body.sla)).toEqual(['firstResponseMet', 'resolutionMet']);
    expect(r.body.responses).toEqual([]);
    expect(r.body.reviews.map((v: any) => [v.conversationId, v.score])).toEqual([['r1', 62.5]]);
    expect((await call(t.url, 'GET', '/api/v1/conversations/r2', ws.tokens.supervisor)).body.reviews.map((v: any) => v.score)).toEqual([75]);
  });
});
