/** Shapes of /api/v1/integrations as the admin app uses them. */
export const EVENTS = ['response.created', 'response.follow_up', 'alert'] as const;
export type IntegrationEvent = (typeof EVENTS)[number];

export interface Integration {
  id: string;
  kind: string;
  name: string;
  enabled: boolean;
  events: IntegrationEvent[];
  config: Record<string, unknown>;
  /** Names of the stored secrets, values masked. */
  secrets: Record<string, string>;
  lastDelivery: { status: string; at: string; error: string | null } | null;
}

export interface Exchange {
  request: { method: string; url: string; headers: Record<string, string>; body: string } | null;
  response: { status: number | null; body: string } | null;
}

export interface IntegrationForm {
  kind: string;
  name: string;
  enabled: boolean;
  events: IntegrationEvent[];
  /** The kind's own form state (see forms.tsx). */
  config: any;
  /** Secrets typed in this form: a value replaces, null removes (names left out stay as stored). */
  secrets: Record<string, string | null>;
  /** The stored secrets (masked), to show which exist. */
  stored: Record<string, string>;
}
