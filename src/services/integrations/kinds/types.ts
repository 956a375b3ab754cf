/**
 * What a kind of integration (HTTP request, Google Sheets…) provides. The framework (services/integrations)
 * stores the integration, queues a delivery per event in the answer's transaction, runs it in a worker
 * with retries, keeps the delivery log and replays; a kind only checks its settings and delivers one
 * event. A new kind is a file next to this one, registered in kinds/index.ts.
 */
import type { ErrorDetail } from '../../../domain/errors.js';
import type { IntegrationEvent, IntegrationKind } from '../../../store/integrations.js';
import type { IntegrationVariables } from '../variables.js';

/** An outgoing request as the delivery log shows it (secrets and Authorization values masked). */
export interface RequestExcerpt {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** At most 4 000 characters. */
  body: string;
}

/** The answer as the delivery log shows it (status null: no answer, e.g. unreachable). */
export interface ResponseExcerpt {
  status: number | null;
  /** At most 2 000 characters, secrets masked. */
  body: string;
}

export interface DeliveryContext<C> {
  integration: { id: string; workspaceId: string; name: string; config: C; secrets: Record<string, string> };
  event: IntegrationEvent;
  /** The delivery's id (`test_…` for the test button): stable across retries, usable as an idempotency key. */
  deliveryId: string;
  variables: IntegrationVariables;
  /** What an earlier delivered delivery of the same answer returned (`result`), e.g. the sheet row to update. */
  earlier: unknown;
}

/**
 * One attempt's outcome. `retry` is temporary (network, 408/409/425/429/5xx): the worker retries with
 * backoff while tries remain, then records it failed. `failed` is final (4xx, a template that cannot render).
 * request / response are unmasked here; the framework masks them with redactSecrets before storing.
 */
export type DeliveryOutcome =
  | { outcome: 'delivered'; request: RequestExcerpt | null; response: ResponseExcerpt | null; result?: unknown }
  | { outcome: 'failed' | 'retry'; error: string; request: RequestExcerpt | null; response: ResponseExcerpt | null };

export interface IntegrationKindDef<C = Record<string, unknown>> {
  kind: IntegrationKind;
  /**
   * Checks the settings and secrets at save time; returns the normalised config and every problem, each
   * with its field path (`config.url`, `config.headers.X-Api-Key`, `secrets.token`): a 422 when any.
   */
  validate(config: Record<string, unknown>, secrets: Record<string, string>): { config: C; problems: ErrorDetail[] };
  /** Delivers one event. Never throws for the provider's answers; a thrown error is treated as `retry`. */
  deliver(ctx: DeliveryContext<C>): Promise<DeliveryOutcome>;
}
