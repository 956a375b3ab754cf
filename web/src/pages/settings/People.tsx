/** Users and roles, divisions, API tokens: who may do what. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import type { Role } from '../../auth.js';
import { ResourcePage } from '../../components/ResourcePage.js';
import { Card, ErrorNotice, Field, Switch } from '../../components/ui.js';

interface User { id: string; name: string; email: string; phone: string | null; address: string | null; organization: string | null; role: Role; broadcastPermission?: boolean | null; divisionIds: string[] }
interface Named { id: string; name: string }
const ROLES: Role[] = ['agent', 'supervisor', 'admin'];

function RoleSelect({ value, onChange, error, label }: { value: Role; onChange: (r: Role) => void; error?: string; label: string }) {
  const { t } = useTranslation();
  return (
    <Field label={label} error={error}>
      {(a) => <select {...a} value={value} onChange={(e) => onChange(e.target.value as Role)}>{ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}</select>}
    </Field>
  );
}

export function UsersPage() {
  const { t } = useTranslation();
  type F = { name: string; email: string; phone: string; address: string; organization: string; role: Role; password: string; broadcast: '' | 'yes' | 'no' };
  return (
    <>
    <ResourcePage<User, F>
      title={t('users.title')}
      lead={t('users.lead')}
      endpoint="/api/v1/users"
      noun={t('users.noun')}
      itemName={(u) => u.name}
      columns={[
        { header: t('users.name'), cell: (u) => u.name },
        { header: t('users.email'), cell: (u) => u.email },
        { header: t('contactFields.organization'), cell: (u) => u.organization ?? '—' },
        { header: t('users.role'), cell: (u) => t(`roles.${u.role}`) },
      ]}
      empty={() => ({ name: '', email: '', phone: '', address: '', organization: '', role: 'agent', password: '', broadcast: '' })}
      toForm={(u) => ({ name: u.name, email: u.email, phone: u.phone ?? '', address: u.address ?? '', organization: u.organization ?? '', role: u.role, password: '', broadcast: u.broadcastPermission == null ? '' : u.broadcastPermission ? 'yes' : 'no' })}
      form={(f, set, e, isNew) => (
        <>
          <Field label={t('users.name')} error={e.name}>{(a) => <input {...a} value={f.name} onChange={(x) => set({ name: x.target.value })} />}</Field>
          <Field label={t('users.email')} error={e.email}>{(a) => <input {...a} type="email" value={f.email} onChange={(x) => set({ email: x.target.value })} />}</Field>
          <Field label={t('users.phone')} error={e.phone}>{(a) => <input {...a} type="tel" value={f.phone} onChange={(x) => set({ phone: x.target.value })} />}</Field>
          <Field label={t('contactFields.address')} error={e.address}>{(a) => <textarea {...a} rows={2} value={f.address} onChange={(x) => set({ address: x.target.value })} />}</Field>
          <Field label={t('contactFields.organization')} error={e.organization}>{(a) => <input {...a} value={f.organization} onChange={(x) => set({ organization: x.target.value })} />}</Field>
          <RoleSelect label={t('users.role')} value={f.role} onChange={(role) => set({ role })} error={e.role} />
          {!isNew && (
            <Field label={t('broadcasts.permission.user')} error={e.broadcastPermission}>
              {(a) => (
                <select {...a} value={f.broadcast} onChange={(x) => set({ broadcast: x.target.value as F['broadcast'] })}>
                  <option value="">{t('broadcasts.permission.asRole')}</option>
                  <option value="yes">{t('broadcasts.permission.yes')}</option>
                  <option value="no">{t('broadcasts.permission.no')}</option>
                </select>
              )}
            </Field>
          )}
          <Field label={t(isNew ? 'users.password' : 'users.newPassword')} hint={t(isNew ? 'users.passwordHint' : 'users.newPasswordHint')} error={e.password}>
            {(a) => <input {...a} type="password" autoComplete="new-password" value={f.password} onChange={(x) => set({ password: x.target.value })} />}
          </Field>
        </>
      )}
      toBody={(f, isNew) => ({ name: f.name, email: f.email, role: f.role, ...(f.password && { password: f.password }), ...(isNew ? { ...(f.phone && { phone: f.phone }), ...(f.address && { address: f.address }), ...(f.organization && { organization: f.organization }) } : { phone: f.phone || null, address: f.address || null, organization: f.organization || null, broadcastPermission: f.broadcast === '' ? null : f.broadcast === 'yes' }) })}
      created={(r) => (r.initialPassword ? <p>{t('users.initialPassword')} <code className="secret">{r.initialPassword}</code></p> : null)}
    />
    <BroadcastRolesCard />
    </>
  );
}

/** Which roles have the broadcast permission (a user's own setting, in the form above, overrides). */
function BroadcastRolesCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['broadcast-permission'], queryFn: () => api<{ roles: Role[] }>('GET', '/api/v1/broadcasts/permission') });
  const save = useMutation({ mutationFn: (roles: Role[]) => api<{ roles: Role[] }>('PUT', '/api/v1/broadcasts/permission', { roles }), onSuccess: () => qc.invalidateQueries({ queryKey: ['broadcast-permission'] }) });
  if (!q.data) return null;
  const roles = q.data.roles;
  return (
    <Card title={t('broadcasts.permission.title')}>
      <p>{t('broadcasts.permission.lead')}</p>
      {(['supervisor', 'agent'] as const).map((r) => (
        <Switch key={r} checked={roles.includes(r)} label={t(`roles.${r}`)} onChange={(on) => save.mutate(on ? [...roles, r] : roles.filter((x) => x !== r))} />
      ))}
      <ErrorNotice error={save.error} />
    </Card>
  );
}

function MultiCheck({ legend, options, value, onChange, error }: { legend: string; options: Named[]; value: string[]; onChange: (v: string[]) => void; error?: string }) {
  return (
    <fieldset className="multi-check">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.id} className="check">
          <input type="checkbox" checked={value.includes(o.id)} onChange={(e) => onChange(e.target.checked ? [...value, o.id] : value.filter((x) => x !== o.id))} />
          {o.name}
        </label>
      ))}
      {error && <p className="error-text" role="alert">{error}</p>}
    </fieldset>
  );
}

export function DivisionsPage() {
  const { t } = useTranslation();
  const users = useQuery({ queryKey: ['/api/v1/users'], queryFn: () => api<{ items: User[] }>('GET', '/api/v1/users') });
  const channels = useQuery({ queryKey: ['channels'], queryFn: () => api<{ items: Named[] }>('GET', '/api/v1/channels') });
  const people = users.data?.items ?? [];
  const name = (id: string | null) => people.find((u) => u.id === id)?.name ?? '—';
  type D = { id: string; name: string; supervisorId: string | null; agentIds: string[]; channelIds: string[] };
  type F = { name: string; supervisorId: string; agentIds: string[]; channelIds: string[] };
  return (
    <ResourcePage<D, F>
      title={t('divisions.title')}
      lead={t('divisions.lead')}
      endpoint="/api/v1/divisions"
      noun={t('divisions.noun')}
      itemName={(d) => d.name}
      columns={[
        { header: t('divisions.name'), cell: (d) => d.name },
        { header: t('divisions.supervisor'), cell: (d) => name(d.supervisorId) },
        { header: t('divisions.agents'), cell: (d) => d.agentIds.map(name).join(', ') || '—' },
        { header: t('divisions.channels'), cell: (d) => d.channelIds.map((id) => channels.data?.items.find((c) => c.id === id)?.name ?? '?').join(', ') || '—' },
      ]}
      empty={() => ({ name: '', supervisorId: '', agentIds: [], channelIds: [] })}
      toForm={(d) => ({ name: d.name, supervisorId: d.supervisorId ?? '', agentIds: d.agentIds, channelIds: d.channelIds })}
      form={(f, set, e) => (
        <>
          <Field label={t('divisions.name')} error={e.name}>{(a) => <input {...a} value={f.name} onChange={(x) => set({ name: x.target.value })} />}</Field>
          <Field label={t('divisions.supervisor')} error={e.supervisorId}>
            {(a) => (
              <select {...a} value={f.supervisorId} onChange={(x) => set({ supervisorId: x.target.value })}>
                <option value="">{t('divisions.noSupervisor')}</option>
                {people.filter((u) => u.role !== 'agent').map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
              </select>
            )}
          </Field>
          <MultiCheck legend={t('divisions.agents')} options={people.filter((u) => u.role === 'agent')} value={f.agentIds} onChange={(agentIds) => set({ agentIds })} error={e.agentIds} />
          <MultiCheck legend={t('divisions.channels')} options={channels.data?.items ?? []} value={f.channelIds} onChange={(channelIds) => set({ channelIds })} error={e.channelIds} />
        </>
      )}
      toBody={(f) => ({ name: f.name, supervisorId: f.supervisorId || null, agentIds: f.agentIds, channelIds: f.channelIds })}
    />
  );
}

export function TokensPage() {
  const { t, i18n } = useTranslation();
  const users = useQuery({ queryKey: ['/api/v1/users'], queryFn: () => api<{ items: User[] }>('GET', '/api/v1/users') });
  const when = (s: string | null) => (s ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(new Date(s)) : '—');
  type Tk = { id: string; name: string; role: Role; userId: string | null; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };
  type F = { name: string; role: Role; userId: string };
  return (
    <ResourcePage<Tk, F>
      title={t('tokens.title')}
      lead={t('tokens.lead')}
      endpoint="/api/v1/tokens"
      noun={t('tokens.noun')}
      deleteLabel={t('tokens.revoke')}
      itemName={(k) => k.name}
      columns={[
        { header: t('tokens.name'), cell: (k) => k.name },
        { header: t('tokens.role'), cell: (k) => t(`roles.${k.role}`) },
        { header: t('tokens.prefix'), cell: (k) => <code>{k.prefix}…</code> },
        { header: t('tokens.lastUsed'), cell: (k) => when(k.lastUsedAt) },
        { header: t('tokens.status'), cell: (k) => (k.revokedAt ? t('tokens.revokedOn', { date: when(k.revokedAt) }) : t('tokens.active')) },
      ]}
      empty={() => ({ name: '', role: 'admin', userId: '' })}
      form={(f, set, e) => (
        <>
          <Field label={t('tokens.name')} hint={t('tokens.nameHint')} error={e.name}>{(a) => <input {...a} value={f.name} onChange={(x) => set({ name: x.target.value })} />}</Field>
          <RoleSelect label={t('tokens.role')} value={f.role} onChange={(role) => set({ role })} error={e.role} />
          <Field label={t('tokens.user')} hint={t('tokens.userHint')} error={e.userId}>
            {(a) => (
              <select {...a} value={f.userId} onChange={(x) => set({ userId: x.target.value })}>
                <option value="">—</option>
                {(users.data?.items ?? []).map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
              </select>
            )}
          </Field>
        </>
      )}
      toBody={(f) => ({ name: f.name, role: f.role, ...(f.userId && { userId: f.userId }) })}
      created={(r) => (
        <div>
          <p>{t('tokens.once')}</p>
          <p><code className="secret" data-testid="new-token">{r.token}</code></p>
        </div>
      )}
    />
  );
}
