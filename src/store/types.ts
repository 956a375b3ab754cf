/** Kysely table types, one interface per table of the migrations. */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
export type Role = 'admin' | 'supervisor' | 'agent';
export type ChannelType = 'whatsapp' | 'telegram' | 'email' | 'web' | 'chatwoot' | 'widget' | 'link';
/** Where a survey came from: a resolved conversation, the website widget, a link, a broadcast. */
export type SurveySource = 'conversation' | 'widget' | 'link' | 'broadcast';

export interface WorkspacesTable {
  id: Generated<string>;
  slug: string;
  name: string;
  time_zone: Generated<string>;
  created_at: CreatedAt;
  rollups_rebuild_requested_at: NullableTimestamp;
  /** Raised by triggers on every change to what intake caches (migration 0035, services/intake-config). */
  config_version: Generated<string>;
  /** Loaded by `nilai demo`. */
  demo: Generated<boolean>;
  contact_masking: Generated<'off' | 'agents' | 'agents_supervisors'>;
  /** The public score badge (opt-in): its unguessable key, period and survey. */
  badge_enabled: Generated<boolean>;
  badge_key: string | null;
  badge_days: Generated<number>;
  badge_survey: Generated<'csat' | 'nps'>;
  /** Roles with the broadcast permission unless a user's own setting says otherwise. */
  broadcast_roles: Generated<Role[]>;
}

export interface UsersTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  email: string;
  phone: string | null;
  address: string | null;
  organization: Generated<string | null>;
  role: Role;
  /** The broadcast permission of this user; null: as the role has it. */
  broadcast_permission: Generated<boolean | null>;
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
  config: ColumnType<unknown, string | undefined, string>;
  secret_encrypted: string | null;
  /** Raised by a trigger on every update (migration 0043): the webhook caches' check. */
  row_version: Generated<number>;
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
  contacts: ContactsTable;
  conversations: ConversationsTable;
  events: EventsTable;
  invitations: InvitationsTable;
  inbound_webhooks: InboundWebhooksTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  outbound_messages: OutboundMessagesTable;
  survey_skips: SurveySkipsTable;
  responses: ResponsesTable;
  office_hours: OfficeHoursTable;
  sla_policies: SlaPoliciesTable;
  rollup_responses: RollupResponsesTable;
  rollup_invitations: RollupInvitationsTable;
  rollup_conversations: RollupConversationsTable;
  review_rubrics: ReviewRubricsTable;
  quality_reviews: QualityReviewsTable;
  alert_rules: AlertRulesTable;
  alert_deliveries: AlertDeliveriesTable;
  chatwoot_agents: ChatwootAgentsTable;
  channel_cache: ChannelCacheTable;
  channel_webhook_status: ChannelWebhookStatusTable;
  rewrite_endpoints: RewriteEndpointsTable;
  inbox_actions: InboxActionsTable;
  automation_settings: AutomationSettingsTable;
  contact_fields: ContactFieldsTable;
  ticket_settings: TicketSettingsTable;
  tickets: TicketsTable;
  widget_ticket_uses: WidgetTicketUsesTable;
  widget_visitors: WidgetVisitorsTable;
  report_schedules: ReportSchedulesTable;
  report_runs: ReportRunsTable;
  allocation_settings: AllocationSettingsTable;
  conversation_allocations: ConversationAllocationsTable;
  agent_availability: AgentAvailabilityTable;
  broadcasts: BroadcastsTable;
  broadcast_recipients: BroadcastRecipientsTable;
  broadcast_channel_pace: BroadcastChannelPaceTable;
  integrations: IntegrationsTable;
  integration_deliveries: IntegrationDeliveriesTable;
}

export type UserRow = Selectable<UsersTable>;
export type ChannelRow = Selectable<ChannelsTable>;
export type NewUser = Insertable<UsersTable>;

export interface ContactsTable {
  id: Generated<string>;
  workspace_id: string;
  external_id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  locale: string | null;
  handle: string | null;
  opted_out_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: Timestamp;
  attributes: ColumnType<Record<string, string | number>, string | undefined, string>;
}

export interface ConversationsTable {
  id: Generated<string>;
  workspace_id: string;
  external_id: string;
  channel_id: string;
  contact_id: string;
  agent_id: string | null;
  division_id: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  status: 'open' | 'resolved';
  opened_at: NullableTimestamp;
  first_customer_message_at: NullableTimestamp;
  first_agent_response_at: NullableTimestamp;
  resolved_at: NullableTimestamp;
  reopen_count: Generated<number>;
  fold_state: ColumnType<unknown, string | null | undefined, string | null>;
  customer_messages: Generated<number>;
  agent_messages: Generated<number>;
  last_customer_message_at: NullableTimestamp;
  last_agent_message_at: NullableTimestamp;
  customer_waiting_since: NullableTimestamp;
  updated_at: Timestamp;
  frt_ms: number | null;
  frt_business_ms: number | null;
  art_ms: number | null;
  art_business_ms: number | null;
  resolution_ms: number | null;
  resolution_business_ms: number | null;
  sla_first_response_met: boolean | null;
  sla_resolution_met: boolean | null;
  auto_resolve_requested_at: NullableTimestamp;
  auto_resolved: Generated<boolean>;
}

export interface EventsTable {
  seq: Generated<number>;
  workspace_id: string;
  event_id: string;
  conversation_id: string;
  type: string;
  occurred_at: Timestamp;
  received_at: CreatedAt;
  payload: ColumnType<unknown, string, never>;
}

export type InvitationStatus = 'scheduled' | 'sending' | 'sent' | 'delivered' | 'answered' | 'expired' | 'cancelled' | 'failed';
export type ReminderStatus = 'due' | 'queued' | 'sending' | 'sent' | 'skipped' | 'failed';

export interface InvitationsTable {
  id: string;
  workspace_id: string;
  conversation_id: string | null;
  contact_id: string | null;
  channel_id: string;
  token_hash: Buffer;
  survey_types: string[];
  settings_version: number;
  language: string;
  trigger: 'resolve' | 'manual' | 'widget' | 'link' | 'broadcast';
  status: InvitationStatus;
  status_reason: string | null;
  send_after: Timestamp;
  expires_at: Timestamp;
  attempts: Generated<number>;
  sent_at: NullableTimestamp;
  delivered_at: NullableTimestamp;
  opened_at: NullableTimestamp;
  answered_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: Timestamp;
  chat_address: string | null;
  agent_id: string | null;
  division_id: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  reminder_status: ReminderStatus | null;
  reminder_due_at: NullableTimestamp;
  reminded_at: NullableTimestamp;
  reminder_reason: string | null;
  source: ColumnType<SurveySource, SurveySource | undefined, SurveySource>;
  page_url: string | null;
  visitor_attributes: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  /** The broadcast that sent this survey (source broadcast). */
  broadcast_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SurveySkipsTable {
  id: Generated<string>;
  workspace_id: string;
  conversation_id: string;
  channel_id: string;
  trigger: string;
  reason: string;
  settings_version: number;
  created_at: CreatedAt;
}

export interface ResponsesTable {
  id: Generated<string>;
  workspace_id: string;
  invitation_id: string;
  conversation_id: string | null;
  survey_type: 'csat' | 'ces' | 'nps';
  score: number;
  scale_min: number;
  scale_max: number;
  follow_up_question: string | null;
  follow_up_text: string | null;
  follow_up_skipped: Generated<boolean>;
  language: string;
  settings_version: number;
  channel_id: string;
  agent_id: string | null;
  division_id: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  contact_id: string | null;
  answered_at: CreatedAt;
  follow_up_at: NullableTimestamp;
  source: ColumnType<SurveySource, SurveySource | undefined, SurveySource>;
  page_url: string | null;
}

export interface OfficeHoursTable {
  id: Generated<string>;
  workspace_id: string;
  division_id: string | null;
  time_zone: string;
  weekly: ColumnType<unknown, string, string>;
  holidays: ColumnType<unknown, string, string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SlaPoliciesTable {
  id: Generated<string>;
  workspace_id: string;
  division_id: string | null;
  name: string;
  first_response_minutes: number | null;
  resolution_minutes: number | null;
  business_hours: boolean;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** Packed report rollups (migration 0039): the counts of one day, grain and dimension tuple in arrays (bigint[], read as strings). */
interface RollupKey {
  workspace_id: string;
  grain: number;
  day: ColumnType<Date, string, string>;
  channel_id: string;
  agent_id: string;
  division_id: string;
  tag: string;
}
export interface RollupResponsesTable extends RollupKey {
  settings_version: number;
  survey_type: string;
  scale_max: number;
  /** counts[score + 1], 11 elements. */
  counts: string[];
}
export interface RollupInvitationsTable extends RollupKey {
  settings_version: number;
  /** In the order of nilai_invitation_kinds(). */
  counts: string[];
}
export interface RollupConversationsTable extends RollupKey {
  n: string[];
  sum_ms: string[];
  /** Sparse duration sketch (migration 0046): metric · 512 + bucket in the high 32 bits, the count in the low. */
  sketch: ColumnType<string[], string[] | undefined, string[]>;
  /** The sketch packed (migration 0053, generated): per entry the key as int2 and the count as int4, big-endian. */
  sketch_bin: ColumnType<Buffer, never, never>;
}

export interface ReviewRubricsTable {
  workspace_id: string;
  criteria: ColumnType<unknown, string, string>;
  updated_at: Timestamp;
}

export interface QualityReviewsTable {
  id: Generated<string>;
  workspace_id: string;
  conversation_id: string;
  agent_id: string | null;
  reviewer_id: string | null;
  criteria: ColumnType<unknown, string, never>;
  scores: ColumnType<unknown, string, never>;
  weighted_score: ColumnType<string, number, never>;
  comment: string | null;
  created_at: CreatedAt;
}

export interface AlertRulesTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  survey_type: 'csat' | 'ces' | 'nps';
  max_score: number;
  notify_supervisor: boolean;
  ticket_webhook_url: string | null;
  slack_webhook_encrypted: string | null;
  enabled: boolean;
  create_ticket: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AlertDeliveriesTable {
  id: Generated<string>;
  workspace_id: string;
  rule_id: string;
  response_id: string;
  status: Generated<'pending' | 'sent' | 'failed'>;
  detail: string | null;
  done: Generated<string[]>;
  created_at: CreatedAt;
}

export interface InboundWebhooksTable {
  id: Generated<string>;
  workspace_id: string;
  channel_id: string;
  body_hash: Buffer;
  payload: ColumnType<unknown, string, never>;
  received_at: CreatedAt;
  processed_at: NullableTimestamp;
  /** The chat it is about (channels/inbound.ts orderingKey); null on rows stored before 0015. */
  ordering_key: ColumnType<string | null, string | undefined, never>;
}

export interface OutboundMessagesTable {
  id: Generated<string>;
  workspace_id: string;
  channel_id: string;
  invitation_id: string | null;
  dedup_key: string;
  address: string;
  message: ColumnType<unknown, string, never>;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  provider_message_id: string | null;
  error: string | null;
  created_at: CreatedAt;
  sent_at: NullableTimestamp;
  claimed_at: NullableTimestamp;
}

export interface WebhookEndpointsTable {
  id: Generated<string>;
  workspace_id: string;
  url: string;
  events: string[];
  secret_encrypted: string;
  enabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  workspace_id: string;
  endpoint_id: string;
  event_type: string;
  payload: ColumnType<unknown, string, never>;
  status: Generated<'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: CreatedAt;
  finished_at: NullableTimestamp;
}

export interface ChatwootAgentsTable {
  channel_id: string;
  agent_id: number;
  name: string | null;
  email: string | null;
  user_id: string | null;
  last_seen_at: NullableTimestamp;
  /** Chatwoot's availability_status, read from its agents list (allocation). */
  availability: 'online' | 'busy' | 'offline' | null;
  availability_at: NullableTimestamp;
}

export interface ChannelCacheTable {
  channel_id: string;
  key: string;
  value: string;
  updated_at: Timestamp;
}

export interface ChannelWebhookStatusTable {
  channel_id: string;
  last_received_at: NullableTimestamp;
  last_error_code: string | null;
  last_error: string | null;
  last_error_at: NullableTimestamp;
}

export interface RewriteEndpointsTable {
  workspace_id: string;
  base_url: string;
  model: string;
  api_key_encrypted: string | null;
  updated_at: Timestamp;
}

/** Agent allocation (0018_allocation.sql). */
export interface AllocationSettingsTable {
  division_id: string;
  workspace_id: string;
  enabled: boolean;
  method: 'round_robin' | 'least_open';
  workload_limit: number | null;
  workload_scope: 'all_channels' | 'per_channel';
  takeover_allowed: boolean;
  reassign_allowed: boolean;
  idle_minutes: number | null;
  chatwoot_team_id: number | null;
  chatwoot_inbox_ids: number[] | null;
  last_user_id: string | null;
  updated_at: Timestamp;
}

export interface ConversationAllocationsTable {
  conversation_id: string;
  workspace_id: string;
  division_id: string;
  channel_id: string;
  status: 'waiting' | 'assigned';
  user_id: string | null;
  chatwoot_agent_id: number | null;
  queued_at: CreatedAt;
  assigned_at: NullableTimestamp;
}

export interface InboxActionsTable {
  id: Generated<string>;
  workspace_id: string;
  conversation_id: string;
  channel_id: string;
  kind: 'message' | 'resolve' | 'assign';
  payload: ColumnType<unknown, string, string>;
  source: string;
  reason: string;
  status: Generated<'queued' | 'done' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  provider_message_id: string | null;
  created_at: CreatedAt;
  done_at: NullableTimestamp;
}

export interface AutomationSettingsTable {
  workspace_id: string;
  kind: 'auto_responder' | 'auto_resolve';
  document: ColumnType<unknown, string, string>;
  updated_at: Timestamp;
}

export interface ContactFieldsTable {
  id: Generated<string>;
  workspace_id: string;
  key: string;
  type: 'text' | 'number' | 'date' | 'choice';
  label: ColumnType<{ id?: string; en?: string }, string, string>;
  options: ColumnType<{ value: string; label: { id?: string; en?: string } }[], string | undefined, string>;
  hidden: Generated<boolean>;
  position: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TicketSettingsTable {
  workspace_id: string;
  enabled: boolean;
  title_template: string;
  button_label: ColumnType<{ id?: string; en?: string }, string, string>;
  webhook_url: string | null;
  secret_encrypted: string | null;
  updated_at: Timestamp;
}

export interface TicketsTable {
  id: Generated<string>;
  workspace_id: string;
  conversation_id: string;
  response_id: string | null;
  source: 'manual' | 'alert';
  created_by_user_id: string | null;
  title: string;
  payload: ColumnType<unknown, string, string>;
  status: Generated<'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: CreatedAt;
  finished_at: NullableTimestamp;
}

export interface WidgetTicketUsesTable {
  ticket_id: string;
  channel_id: string;
  expires_at: Timestamp;
  used_at: CreatedAt;
}

export interface WidgetVisitorsTable {
  channel_id: string;
  user_id: string;
  last_answered_at: Timestamp;
}

export interface ReportSchedulesTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  kind: 'email' | 'slack';
  frequency: 'daily' | 'weekly';
  division_id: string | null;
  recipients: ColumnType<string[], string[] | undefined, string[]>;
  slack_webhook_encrypted: string | null;
  enabled: boolean;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ReportRunsTable {
  id: Generated<string>;
  workspace_id: string;
  schedule_id: string;
  period_from: ColumnType<string, string, never>;
  period_to: ColumnType<string, string, never>;
  status: Generated<'pending' | 'sent' | 'failed'>;
  detail: string | null;
  created_at: CreatedAt;
  finished_at: Date | null;
}

export interface AgentAvailabilityTable {
  user_id: string;
  workspace_id: string;
  availability: 'online' | 'busy' | 'offline';
  updated_at: Timestamp;
}

export interface BroadcastsTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  channel_id: string;
  survey_type: 'csat' | 'ces' | 'nps';
  audience: ColumnType<unknown, string, string>;
  start_at: Date;
  status: Generated<'scheduled' | 'running' | 'done' | 'cancelled'>;
  created_by: string | null;
  created_at: CreatedAt;
  finished_at: NullableTimestamp;
  cancelled_at: NullableTimestamp;
}

export interface BroadcastRecipientsTable {
  broadcast_id: string;
  position: number;
  contact_id: string;
  status: Generated<'pending' | 'queued' | 'skipped'>;
  skip_reason: string | null;
  invitation_id: string | null;
}

export interface BroadcastChannelPaceTable {
  channel_id: string;
  per_minute: number;
  next_at: Generated<Date>;
}

export interface IntegrationsTable {
  id: Generated<string>;
  workspace_id: string;
  kind: 'http' | 'sheets';
  name: string;
  enabled: Generated<boolean>;
  events: string[];
  config: ColumnType<unknown, string | undefined, string>;
  secrets_encrypted: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface IntegrationDeliveriesTable {
  id: Generated<string>;
  workspace_id: string;
  integration_id: string;
  event_type: string;
  subject_key: string | null;
  payload: ColumnType<unknown, string, never>;
  status: Generated<'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  request: ColumnType<unknown, string | null | undefined, string | null>;
  response: ColumnType<unknown, string | null | undefined, string | null>;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  replay_of: string | null;
  created_at: CreatedAt;
  finished_at: NullableTimestamp;
}
