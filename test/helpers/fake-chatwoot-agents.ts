/**
 * A fake Chatwoot account for allocation: its agents list with availability, and the assignments API,
 * which tracks who holds which conversation (what "at any time" means for the workload limit).
 * Shapes (chatwoot/chatwoot): GET /api/v1/accounts/{id}/agents answers an array of
 * app/views/api/v1/models/_agent.json.jbuilder; POST …/conversations/{display_id}/assignments takes
 * `{assignee_id}` or `{team_id}` (Api::V1::Accounts::Conversations::AssignmentsController#create) and
 * answers the agent (the same partial) or the team.
 */
import { startFakeProvider, type FakeProvider } from './fake-provider.js';

export interface FakeAgent {
  id: number;
  name: string;
  email: string;
  availability_status: 'online' | 'busy' | 'offline';
}

export interface FakeChatwootAccount {
  provider: FakeProvider;
  agents: FakeAgent[];
  /** display id → agent id, for the conversations the test has not resolved. */
  holder: Map<string, number>;
  /** Every accepted agent assignment, in arrival order, with the agent's open count right after it. */
  assignments: { displayId: string; agentId: number; openAfter: number }[];
  teamAssignments: { displayId: string; teamId: number }[];
  /** Forget a conversation (call before resolving it in nilai, so the fake never counts fewer than nilai). */
  release(displayId: string): void;
  most(agentId: number): number;
}

const agentJson = (accountId: number, a: FakeAgent) => ({
  id: a.id, account_id: accountId, availability_status: a.availability_status, auto_offline: true, confirmed: true, active: true,
  email: a.email, provider: 'email', available_name: a.name, name: a.name, role: 'agent', thumbnail: '',
});

export async function startFakeChatwootAccount(accountId: number, agents: FakeAgent[]): Promise<FakeChatwootAccount> {
  const holder = new Map<string, number>();
  const assignments: FakeChatwootAccount['assignments'] = [];
  const teamAssignments: FakeChatwootAccount['teamAssignments'] = [];
  const mostOpen = new Map<number, number>();
  const provider = await startFakeProvider((c) => {
    if (c.method === 'GET' && c.path === `/api/v1/accounts/${accountId}/agents`) return { status: 200, body: agents.map((a) => agentJson(accountId, a)) };
    const m = /^\/api\/v1\/accounts\/\d+\/conversations\/(\d+)\/assignments$/.exec(c.path);
    if (m && c.method === 'POST') {
      const displayId = m[1]!;
      if (c.json?.team_id !== undefined) {
        teamAssignments.push({ displayId, teamId: c.json.team_id });
        return { status: 200, body: { id: c.json.team_id, name: 'Team', description: '', allow_auto_assign: true, account_id: accountId, is_member: false } };
      }
      const agent = agents.find((a) => a.id === c.json?.assignee_id);
      if (!agent) return { status: 404, body: { error: 'Resource could not be found' } };
      holder.set(displayId, agent.id);
      const openAfter = [...holder.values()].filter((id) => id === agent.id).length;
      mostOpen.set(agent.id, Math.max(mostOpen.get(agent.id) ?? 0, openAfter));
      assignments.push({ displayId, agentId: agent.id, openAfter });
      return { status: 200, body: agentJson(accountId, agent) };
    }
    return { status: 404, body: { error: 'Resource could not be found' } };
  });
  return { provider, agents, holder, assignments, teamAssignments, release: (d) => void holder.delete(d), most: (id) => mostOpen.get(id) ?? 0 };
}
