/**
 * What intake reads about a workspace's configuration on every batch (the settings in force, time
 * policies, live channels, contact fields, auto responder and auto resolve settings, the divisions that
 * allocate), kept per process
 * and per database pool, and checked before each batch against `workspaces.config_version`, which
 * triggers raise in every transaction that changes one of those rows (migration 0035).
 *
 * A version read instead of LISTEN/NOTIFY: a notification reaches the other processes some time after
 * the commit (and is lost while a listener reconnects), so a batch arriving at another process right
 * after a settings save could still use the old settings; the version is read by the batch itself, so
 * a change committed before a batch starts is always used by it, in every process, for the price of
 * one indexed read per batch (instead of the seven or more reads the configuration takes).
 *
 * The version is read before the configuration: a change committed in between is loaded under the
 * older number, and the next batch, seeing the newer one, loads again; never the reverse.
 */
import type { AutoResolveSettings, AutoResponderSettings } from '../domain/automation/settings.js';
import type { ContactField } from '../domain/contacts/fields.js';
import { allocatingDivisions } from '../store/allocation.js';
import { liveChannelIds } from '../store/channels.js';
import { listContactFields } from '../store/contact-fields.js';
import type { Db } from '../store/db.js';
import { getCurrentSettings, type SettingsVersion } from '../store/survey-settings.js';
import { loadTimePolicies, type TimePolicies } from '../store/time-policies.js';
import { configVersion } from '../store/workspaces.js';
import { getAutoResolve, getAutoResponder } from './automation-settings.js';

export interface IntakeConfig {
  current: SettingsVersion;
  policies: TimePolicies;
  channels: ReadonlySet<string>;
  fields: ContactField[];
  autoResponder: AutoResponderSettings;
  autoResolve: AutoResolveSettings;
  /** The divisions with auto allocation on, by name, with their channels (migration 0044 counts their changes). */
  allocating: { divisionId: string; channelIds: ReadonlySet<string> }[];
}

interface Entry {
  version: string;
  config: Promise<IntakeConfig>;
}

/** One cache per pool (so two instances in one test process keep their own), by workspace. */
const caches = new WeakMap<Db, Map<string, Entry>>();
/** Workspaces kept per pool; the oldest loaded goes first. */
const MAX_WORKSPACES = 1000;

async function load(db: Db, workspaceId: string): Promise<IntakeConfig> {
  const [current, policies, channels, fields, autoResponder, autoResolve, allocating] = await Promise.all([
    getCurrentSettings(db, workspaceId),
    loadTimePolicies(db, workspaceId),
    liveChannelIds(db, workspaceId),
    listContactFields(db, workspaceId),
    getAutoResponder(db, workspaceId),
    getAutoResolve(db, workspaceId),
    allocatingDivisions(db, workspaceId),
  ]);
  return {
    current, policies, channels, fields, autoResponder: autoResponder.settings, autoResolve: autoResolve.settings,
    allocating: allocating.map((a) => ({ divisionId: a.divisionId, channelIds: new Set(a.channelIds) })),
  };
}

/**
 * The workspace's configuration as of now: from the cache when its version is still the stored one.
 * `knownVersion`: the version read at the start of this request (with its API token, services/auth),
 * which is as fresh as a read now would be for what the caller knows to be committed.
 */
export async function intakeConfig(db: Db, workspaceId: string, knownVersion?: string): Promise<IntakeConfig> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const version = knownVersion ?? await configVersion(db, workspaceId);
  const hit = cache.get(workspaceId);
  if (hit?.version === version) return hit.config;
  const entry: Entry = { version, config: load(db, workspaceId) };
  cache.delete(workspaceId);
  cache.set(workspaceId, entry);
  if (cache.size > MAX_WORKSPACES) cache.delete(cache.keys().next().value!);
  // A failed load is not kept: the next batch tries again.
  entry.config.catch(() => cache.get(workspaceId) === entry && cache.delete(workspaceId));
  return entry.config;
}
