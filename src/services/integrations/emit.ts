/**
 * Queues an event for every enabled integration listening to it: one delivery row and its job per
 * integration, in the caller's transaction (the answer's), so an answer and its deliveries commit
 * together and none is lost while no worker runs. The payload names the subject; the variables are
 * read when the delivery runs (services/integrations/deliver).
 */
import type { Jobs } from '../../jobs/queue.js';
import type { Db } from '../../store/db.js';
import { createIntegrationDeliveries, type IntegrationEvent } from '../../store/integrations.js';
import type { AlertRuleRef } from './variables.js';

export interface DeliveryPayload {
  invitationId: string;
  surveyType: string;
  /** The alert rules the answer matched (event `alert`). */
  alertRules?: AlertRuleRef[];
}

/** The key that ties the deliveries of one answer together (a follow-up finds the row its answer made). */
export const subjectKey = (p: DeliveryPayload) => `${p.invitationId}:${p.surveyType}`;

export async function emitIntegrationEvent(trx: Db, jobs: Jobs, workspaceId: string, event: IntegrationEvent, payload: DeliveryPayload): Promise<void> {
  for (const id of await createIntegrationDeliveries(trx, workspaceId, event, subjectKey(payload), payload)) await jobs.enqueueIntegration(trx, id);
}
