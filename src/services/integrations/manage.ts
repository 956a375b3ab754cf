/** Creating, changing and showing integrations: the kind checks its settings, secrets are sealed and shown masked. */
import { AppError, invalid, notFound, type ErrorDetail } from '../../domain/errors.js';
import type { Keys } from '../../lib/keys.js';
import { isUuid } from '../../lib/secret-token.js';
import type { Jobs } from '../../jobs/queue.js';
import type { Db } from '../../store/db.js';
import {
  createIntegration, getIntegration, replayIntegrationDelivery, updateIntegration, type IntegrationEvent, type IntegrationKind, type IntegrationRow,
} from '../../store/integrations.js';
import { kindOf } from './kinds/index.js';
import { maskSecrets, mergeSecrets, readSecrets, sealSecrets } from './secrets.js';

/** An integration as the API shows it: its secrets' names with masked values, never the values. */
export function integrationView(keys: Keys, i: IntegrationRow) {
  const { secretsEncrypted, workspaceId: _ws, ...rest } = i;
  return { ...rest, secrets: maskSecrets(readSecrets(keys, secretsEncrypted)) };
}

export async function findIntegration(db: Db, workspaceId: string, id: string): Promise<IntegrationRow> {
  const i = isUuid(id) ? await getIntegration(db, workspaceId, id) : null;
  if (!i) throw notFound('Integration');
  return i;
}

function checked(kind: IntegrationKind, config: Record<string, unknown>, secrets: Record<string, string>, more: ErrorDetail[]) {
  const def = kindOf(kind);
  if (!def) throw invalid([{ path: 'kind', message: `Integrations of kind ${kind} are not available in this version.` }]);
  const r = def.validate(config, secrets);
  const problems = [...more, ...r.problems];
  if (problems.length) throw invalid(problems);
  return r.config;
}

export interface IntegrationInput {
  kind: IntegrationKind;
  name: string;
  enabled?: boolean;
  events: IntegrationEvent[];
  config: Record<string, unknown>;
  secrets?: Record<string, string | null>;
}

export async function addIntegration(deps: { db: Db; keys: Keys }, workspaceId: string, input: IntegrationInput): Promise<IntegrationRow> {
  const { secrets, problems } = mergeSecrets({}, input.secrets);
  const config = checked(input.kind, input.config, secrets, problems);
  const id = await createIntegration(deps.db, workspaceId, { kind: input.kind, name: input.name.trim(), enabled: input.enabled ?? true, events: input.events, config, secretsEncrypted: sealSecrets(deps.keys, secrets) });
  return findIntegration(deps.db, workspaceId, id);
}

export type IntegrationPatch = Partial<Omit<IntegrationInput, 'kind'>>;

/** Changes an integration; `secrets` is a change (a value replaces, null removes, names left out stay). */
export async function changeIntegration(deps: { db: Db; keys: Keys }, workspaceId: string, id: string, patch: IntegrationPatch): Promise<IntegrationRow> {
  const current = await findIntegration(deps.db, workspaceId, id);
  let config: unknown;
  let secretsEncrypted: string | null | undefined;
  if (patch.config !== undefined || patch.secrets !== undefined) {
    const { secrets, problems } = mergeSecrets(readSecrets(deps.keys, current.secretsEncrypted), patch.secrets);
    config = checked(current.kind, patch.config ?? current.config, secrets, problems);
    if (patch.secrets !== undefined) secretsEncrypted = sealSecrets(deps.keys, secrets);
  }
  await updateIntegration(deps.db, workspaceId, id, { name: patch.name?.trim(), enabled: patch.enabled, events: patch.events, config, secretsEncrypted });
  return findIntegration(deps.db, workspaceId, id);
}

/** One-click replay: a new delivery of the same event and answer (replay_of), queued now. */
export async function replayDelivery(deps: { db: Db; jobs: Jobs }, workspaceId: string, integrationId: string, deliveryId: string): Promise<string> {
  const i = await findIntegration(deps.db, workspaceId, integrationId);
  if (!i.enabled) throw new AppError('conflict', 'The integration is disabled: enable it to replay a delivery.');
  if (!isUuid(deliveryId)) throw notFound('Delivery');
  return deps.db.transaction().execute(async (trx) => {
    const id = await replayIntegrationDelivery(trx, workspaceId, integrationId, deliveryId);
    if (!id) throw notFound('Delivery');
    await deps.jobs.enqueueIntegration(trx, id);
    return id;
  });
}
