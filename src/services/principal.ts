import type { Role } from '../store/types.js';

/** Who is calling: always scoped to one workspace. */
export interface Principal {
  workspaceId: string;
  role: Role;
  /** The user behind a session, or the user a token acts for (agent tokens). */
  userId: string | null;
  tokenId: string | null;
  /**
   * The workspace's config_version read with the token at the start of this request (services/intake-config
   * uses it instead of reading it again); absent for a session.
   */
  configVersion?: string;
}

const RANK: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3 };

/** Admin ⊇ supervisor ⊇ agent. */
export const hasRole = (p: Principal, needed: Role): boolean => RANK[p.role] >= RANK[needed];

export const ROLES = ['admin', 'supervisor', 'agent'] as const satisfies readonly Role[];
