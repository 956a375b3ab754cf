/**
 * A conversation answered end to end as a customer would: events in through the API, the web channel's
 * callback (a Receiver) gets the survey link, and the customer posts a rating on nilai's survey page.
 */
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from './app.js';
import { eventsFor, type ConvOpts } from './events.js';
import { eventually, startReceiver, type Receiver } from './receiver.js';

export interface AnsweredOpts extends ConvOpts {
  /** Contact fields sent as `contact.attributes` with every event. */
  attributes?: Record<string, string | number>;
  /** The CSAT rating the customer gives. */
  score: number;
}

export async function answered(base: string, adminToken: string, callbacks: Receiver, o: AnsweredOpts): Promise<void> {
  const e = eventsFor(o);
  const withContact = (ev: any) => (o.attributes ? { ...ev, conversation: { ...ev.conversation, contact: { ...ev.conversation.contact, attributes: o.attributes } } } : ev);
  const r = await call(base, 'POST', '/api/v1/events', adminToken, [e.opened, e.customer, e.agent, e.resolved()].map(withContact));
  if (r.status !== 200) throw new Error(`events refused: ${JSON.stringify(r.body)}`);
  const d = await eventually(async () => callbacks.received.find((x) => x.json?.data?.conversationId === o.conversationId));
  const res = await fetch(d.json.data.url, { method: 'POST', body: new URLSearchParams({ step: 'rating:csat', score: String(o.score) }), redirect: 'manual' });
  if (res.status >= 400) throw new Error(`answer refused: ${res.status}`);
}

export interface SurveyedWorkspace {
  t: TestApp;
  ws: Seeded;
  /** The web channel "Website chat", whose callback is `callbacks`. */
  channel: string;
  callbacks: Receiver;
  close(): Promise<void>;
}

/** A server, a seeded workspace and a web channel whose survey links land in a Receiver. */
export async function surveyedWorkspace(): Promise<SurveyedWorkspace> {
  const t = await startApp();
  const ws = await seedWorkspace(t.db);
  const callbacks = await startReceiver();
  const channel = (await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Website chat', type: 'web', config: { callbackUrl: callbacks.url } })).body.id;
  return { t, ws, channel, callbacks, close: async () => { await t.close(); await callbacks.close(); } };
}
