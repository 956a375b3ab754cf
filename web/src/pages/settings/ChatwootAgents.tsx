/**
 * A Chatwoot channel's agents: who each Chatwoot agent is credited to in nilai's reports (matched by
 * email or name, or mapped here), unmatched ones first so they can be mapped.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api.js';
import { atLeast, useMe } from '../../auth.js';
import { Dialog } from '../../components/Dialog.js';
import { Empty, ErrorNotice, Loading } from '../../components/ui.js';

interface Agent {
  agentId: number;
  name: string | null;
  email: string | null;
  lastSeenAt: string | null;
  mappedUserId: string | null;
  user: { id: string; name: string } | null;
  match: 'mapped' | 'email' | 'name' | null;
}

export function ChatwootAgentsButton({ channelId, channelName }: { channelId: string; channelName: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button-quiet" onClick={() => setOpen(true)} aria-label={t('chatwootAgents.openNamed', { name: channelName })}>{t('chatwootAgents.open')}</button>
      <Dialog open={open} title={t('chatwootAgents.title', { name: channelName })} onClose={() => setOpen(false)}>
        <AgentList channelId={channelId} />
      </Dialog>
    </>
  );
}

function AgentList({ channelId }: { channelId: string }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const canMap = atLeast(useMe(), 'admin');
  const key = ['chatwoot-agents', channelId];
  const agents = useQuery({ queryKey: key, queryFn: () => api<{ items: Agent[] }>('GET', `/api/v1/channels/${channelId}/chatwoot-agents`) });
  const users = useQuery({ queryKey: ['/api/v1/users'], queryFn: () => api<{ items: { id: string; name: string; email: string }[] }>('GET', '/api/v1/users') });
  const [error, setError] = useState<string | null>(null);
  const [newId, setNewId] = useState('');
  const when = (s: string | null) => (s ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(s)) : '—');

  async function map(agentId: number, userId: string) {
    setError(null);
    try {
      await api('PUT', `/api/v1/channels/${channelId}/chatwoot-agents/${agentId}`, { userId: userId || null });
      await client.invalidateQueries({ queryKey: key });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('common.unexpectedError'));
    }
  }

  const userSelect = (a: Pick<Agent, 'agentId' | 'mappedUserId'>, label: string, after?: () => void) => (
    <select aria-label={label} value={a.mappedUserId ?? ''} disabled={!canMap} onChange={(e) => void map(a.agentId, e.target.value).then(after)}>
      <option value="">{t('chatwootAgents.automatic')}</option>
      {(users.data?.items ?? []).map((u) => <option key={u.id} value={u.id}>{u.name} ({u.email})</option>)}
    </select>
  );

  if (agents.isPending) return <Loading />;
  const items = agents.data?.items ?? [];
  return (
    <div>
      <p className="lead">{t('chatwootAgents.lead')}</p>
      <ErrorNotice error={agents.error ?? users.error} />
      {error && <p className="error-text" role="alert">{error}</p>}
      {!items.length ? <Empty title={t('chatwootAgents.empty')} /> : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('chatwootAgents.agent')}</th>
                <th scope="col">{t('chatwootAgents.credited')}</th>
                <th scope="col">{t('chatwootAgents.mapping')}</th>
                <th scope="col">{t('chatwootAgents.lastSeen')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.agentId}>
                  <th scope="row">{a.name ?? `#${a.agentId}`}<br /><small>{a.email ?? t('chatwootAgents.noEmail')} · Chatwoot #{a.agentId}</small></th>
                  <td className={a.user ? '' : 'error-text'}>{a.user ? `${a.user.name} (${t(`chatwootAgents.match.${a.match}`)})` : t('chatwootAgents.unmatched')}</td>
                  <td>{userSelect(a, t('chatwootAgents.mapNamed', { name: a.name ?? `#${a.agentId}` }))}</td>
                  <td>{when(a.lastSeenAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canMap && (
        <p>
          <label>
            {t('chatwootAgents.byId')}{' '}
            <input type="number" min={1} value={newId} onChange={(e) => setNewId(e.target.value)} />
          </label>{' '}
          {Number.isInteger(Number(newId)) && Number(newId) >= 1 && userSelect({ agentId: Number(newId), mappedUserId: null }, t('chatwootAgents.mapNamed', { name: `#${newId}` }), () => setNewId(''))}
        </p>
      )}
    </div>
  );
}
