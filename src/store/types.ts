/** Kysely table types, one interface per table of the migrations. */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
export type Role = 'admin' | 'supervisor' | 'agent';
export type ChannelType = 'whatsapp' | 'telegram' | 'email' | 'web' | 'chatwoot';

export interface WorkspacesTable {
  id: Generated<string>;
  slug: string;
  name: string;
  time_zone: Generated<string>;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  email: string;
  phone: string | null;
  address: string | null;
  role: Role;
  password_hash: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  role: Role;
  user_id: string | null;
  token_hash: Buffer;
  prefix: string;
  created_at: CreatedAt;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface SessionsTable {
  id_hash: Buffer;
  user_id: string;
  workspace_id: string;
  created_at: CreatedAt;
  expires_at: Date | string;
}

export interface ChannelsTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  type: ChannelType;
  created_at: CreatedAt;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
}

export interface DivisionsTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  supervisor_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface DivisionAgentsTable {
  division_id: string;
  user_id: string;
}

export interface DivisionChannelsTable {
  division_id: string;
  channel_id: string;
}

export interface SurveySettingsVersionsTable {
  id: Generated<string>;
  workspace_id: string;
  version: number;
  settings: ColumnType<unknown, string, never>;
  created_by_user_id: string | null;
  created_by_token_id: string | null;
  created_at: CreatedAt;
}

export interface Database {
  workspaces: WorkspacesTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  channels: ChannelsTable;
  divisions: DivisionsTable;
  division_agents: DivisionAgentsTable;
  division_channels: DivisionChannelsTable;
  survey_settings_versions: SurveySettingsVersionsTable;
}

export type UserRow = Selectable<UsersTable>;
export type ChannelRow = Selectable<ChannelsTable>;
export type NewUser = Insertable<UsersTable>;
