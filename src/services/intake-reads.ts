/**
 * What an intake batch reads about its workspace: the auto responder and auto resolve settings (from
 * the cached configuration, services/intake-config), and which division allocates a
 * conversation, read at most once per batch (in the batch's transaction, so a change committed meanwhile
 * is seen by the next batch).
 */
import type { AutoResolveSettings, AutoResponderSettings } from '../domain/automation/settings.js';
import type { Db } from '../store/db.js';
import { allocatingDivision } from '../store/allocation.js';
import type { IntakeConfig } from './intake-config.js';

export interface BatchReads {
  autoResponder(): Promise<AutoResponderSettings>;
  autoResolve(): Promise<AutoResolveSettings>;
  allocatingDivision(divisionId: string | null, channelId: string): Promise<string | null>;
}

export function batchReads(trx: Db, workspaceId: string, config: Pick<IntakeConfig, 'autoResponder' | 'autoResolve'>): BatchReads {
  const divisions = new Map<string, Promise<string | null>>();
  return {
    autoResponder: async () => config.autoResponder,
    autoResolve: async () => config.autoResolve,
    allocatingDivision: (divisionId, channelId) => {
      const key = `${divisionId}:${channelId}`;
      let p = divisions.get(key);
      if (!p) divisions.set(key, (p = allocatingDivision(trx, workspaceId, divisionId, channelId)));
      return p;
    },
  };
}
