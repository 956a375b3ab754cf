/**
 * What an intake batch reads about its workspace, read at most once per batch (in the batch's
 * transaction, so a change committed meanwhile is seen by the next batch): the auto responder and auto
 * resolve settings, and which division allocates a conversation.
 */
import type { AutoResolveSettings, AutoResponderSettings } from '../domain/automation/settings.js';
import type { Db } from '../store/db.js';
import { allocatingDivision } from '../store/allocation.js';
import { getAutoResolve, getAutoResponder } from './automation-settings.js';

export interface BatchReads {
  autoResponder(): Promise<AutoResponderSettings>;
  autoResolve(): Promise<AutoResolveSettings>;
  allocatingDivision(divisionId: string | null, channelId: string): Promise<string | null>;
}

function once<T>(read: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= read());
}

export function batchReads(trx: Db, workspaceId: string): BatchReads {
  const divisions = new Map<string, Promise<string | null>>();
  return {
    autoResponder: once(async () => (await getAutoResponder(trx, workspaceId)).settings),
    autoResolve: once(async () => (await getAutoResolve(trx, workspaceId)).settings),
    allocatingDivision: (divisionId, channelId) => {
      const key = `${divisionId}:${channelId}`;
      let p = divisions.get(key);
      if (!p) divisions.set(key, (p = allocatingDivision(trx, workspaceId, divisionId, channelId)));
      return p;
    },
  };
}
