/**
 * What an intake batch reads about its workspace: the auto responder and auto resolve settings, and
 * which division allocates a conversation, all from the cached configuration (services/intake-config,
 * checked against the workspace's config_version before each batch: migrations 0035 and 0044).
 */
import type { AutoResolveSettings, AutoResponderSettings } from '../domain/automation/settings.js';
import type { IntakeConfig } from './intake-config.js';

export interface BatchReads {
  autoResponder(): Promise<AutoResponderSettings>;
  autoResolve(): Promise<AutoResolveSettings>;
  allocatingDivision(divisionId: string | null, channelId: string): Promise<string | null>;
}

/**
 * The division that allocates a conversation: its own division if that one has auto allocation on, else
 * the first division (by name) with auto allocation on that has the conversation's channel; null: none.
 */
export function allocatingDivisionOf(allocating: IntakeConfig['allocating'], divisionId: string | null, channelId: string): string | null {
  const hit = divisionId ? allocating.find((a) => a.divisionId === divisionId) : allocating.find((a) => a.channelIds.has(channelId));
  return hit?.divisionId ?? null;
}

export function batchReads(config: Pick<IntakeConfig, 'autoResponder' | 'autoResolve' | 'allocating'>): BatchReads {
  return {
    autoResponder: async () => config.autoResponder,
    autoResolve: async () => config.autoResolve,
    allocatingDivision: async (divisionId, channelId) => allocatingDivisionOf(config.allocating, divisionId, channelId),
  };
}
