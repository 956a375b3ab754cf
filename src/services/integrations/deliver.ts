/**
 * Runs one integration delivery (the worker's job, jobs/integrations.ts): the answer's variables, the
 * kind's deliver(), and the outcome in the delivery log with secrets masked. A temporary failure is
 * recorded pending and thrown, so pg-boss retries it with backoff; after the last try it is failed.
 * Also the test button: the same delivery with the last answer, not logged, its exchange returned.
 */
import type { Keys } from '../../lib/keys.js';
import type { Db } from '../../store/db.js';
import { earlierResult, finishIntegrationDelivery, getIntegration, lastAnswer, loadIntegrationDelivery, type IntegrationEvent, type IntegrationRow } from '../../store/integrations.js';
import { getWorkspace } from '../../store/workspaces.js';
import type { DeliveryPayload } from './emit.js';
import { kindOf } from './kinds/index.js';
import type { DeliveryOutcome } from './kinds/types.js';
import { maskExchange, readSecrets } from './secrets.js';
import { answerVariables, sampleVariables, type IntegrationVariables } from './variables.js';

export interface IntegrationDeps {
  db: Db;
  keys: Keys;
  publicUrl: string;
}

async function attempt(deps: IntegrationDeps, i: IntegrationRow, event: IntegrationEvent, deliveryId: string, variables: IntegrationVariables, earlier: unknown) {
  const kind = kindOf(i.kind);
  const secrets = readSecrets(deps.keys, i.secretsEncrypted);
  let o: DeliveryOutcome;
  if (!kind) o = { outcome: 'failed', error: `Integrations of kind ${i.kind} are not available in this version.`, request: null, response: null };
  else {
    try {
      o = await kind.deliver({ integration: { id: i.id, workspaceId: i.workspaceId, name: i.name, config: i.config, secrets }, event, deliveryId, variables, earlier });
    } catch (err) {
      o = { outcome: 'retry', error: (err as Error).message, request: null, response: null };
    }
  }
  const masked = maskExchange(secrets, o.request, o.response);
  return { ...o, request: masked.request, response: masked.response, error: o.outcome === 'delivered' ? null : masked.clean(o.error) };
}

export async function deliverIntegration(deps: IntegrationDeps, deliveryId: string, tries: { retryCount: number; retryLimit: number }): Promise<'delivered' | 'failed' | 'nothing_to_do'> {
  const d = await loadIntegrationDelivery(deps.db, deliveryId);
  if (!d || d.status !== 'pending') return 'nothing_to_do';
  const i = await getIntegration(deps.db, d.workspace_id, d.integration_id);
  if (!i) return 'nothing_to_do';
  const fail = async (error: string) => {
    await finishIntegrationDelivery(deps.db, d.id, { status: 'failed', error });
    return 'failed' as const;
  };
  if (!i.enabled) return fail('The integration was disabled.');
  const payload = d.payload as DeliveryPayload;
  const event = d.event_type as IntegrationEvent;
  const variables = await answerVariables(deps.db, d.workspace_id, payload, { publicUrl: deps.publicUrl, event, alertRules: payload.alertRules });
  if (!variables) return fail('The answer no longer exists.');
  const earlier = d.subject_key ? await earlierResult(deps.db, i.id, d.subject_key, d.id) : null;
  const o = await attempt(deps, i, event, d.id, variables, earlier);
  if (o.outcome === 'delivered') {
    await finishIntegrationDelivery(deps.db, d.id, { status: 'delivered', error: null, request: o.request, response: o.response, ...(o.result !== undefined && { result: o.result }) });
    return 'delivered';
  }
  const last = o.outcome === 'failed' || tries.retryCount >= tries.retryLimit;
  await finishIntegrationDelivery(deps.db, d.id, { status: last ? 'failed' : 'pending', error: o.error, request: o.request, response: o.response });
  if (last) return 'failed';
  throw new Error(o.error ?? 'temporary failure');
}

/** The test button: delivers the workspace's last answer (a sample when there is none) now; nothing is logged. */
export async function testIntegration(deps: IntegrationDeps, i: IntegrationRow) {
  const last = await lastAnswer(deps.db, i.workspaceId);
  const ws = await getWorkspace(deps.db, i.workspaceId);
  const variables = (last && (await answerVariables(deps.db, i.workspaceId, last, { publicUrl: deps.publicUrl, event: 'test' })))
    ?? sampleVariables(deps.publicUrl, { name: ws.name, timeZone: ws.timeZone });
  const o = await attempt(deps, i, 'response.created', `test_${Date.now()}`, variables, null);
  return { ok: o.outcome === 'delivered', sample: !last, error: o.error, request: o.request, response: o.response };
}
