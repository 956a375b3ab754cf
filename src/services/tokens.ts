import { invalid } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { createToken } from '../store/tokens.js';
import type { Role } from '../store/types.js';
import { getUser } from '../store/users.js';

/**
 * Creates an API token. An agent token must act for an agent of the workspace (agents see only their
 * own data); other tokens may be tied to a user for the audit trail.
 */
export async function issueToken(db: Db, workspaceId: string, input: { name: string; role: Role; userId?: string }) {
  if (input.role === 'agent' && !input.userId) {
    throw invalid([{ path: 'userId', message: 'An agent token must name the agent user it acts for.' }]);
  }
  if (input.userId) {
    const user = await getUser(db, workspaceId, input.userId);
    if (!user) throw invalid([{ path: 'userId', message: 'No such user in this workspace.' }]);
  }
  return createToken(db, workspaceId, input);
}
