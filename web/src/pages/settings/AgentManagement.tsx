/**
 * Settings > Agent management, as the Qontak page: per division, auto allocation (round robin or least
 * open chats among the online agents), the workload limit (all channels or per channel), whether agents
 * may take over or reassign, and the idle rule. One save for every division; the API's field errors next
 * to their fields; each division's card ends with what the settings will do, in a sentence.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api.js';
import { Card, ErrorNotice, Field, Loading, PageHeader, Switch } from '../../components/ui.js';

interface DivisionAllocation {
  divisionId: string;
  divisionName: string;
  enabled: boolean;
  method: 'round_robin' | 'least_open';
  workloadLimit: number | null;
  workloadScope: 'all_channels' | 'per_channel';
  takeoverAllowed: boolean;
  reassignAllowed: boolean;
  idleMinutes: number | null;
  chatwootTeamId: number | null;
  chatwootInboxIds: number[];
}
type Errors = Record<string, string>;

/** Inbox ids typed as "3, 7": the whole numbers in it (anything else is left out). */
const inboxIds = (v: string) => [...new Set(v.split(/[\s,;]+/).filter((x) => /^\d+$/.test(x)).map(Number).filter((n) => n > 0))];

/** The division's Chatwoot inbox ids as text the admin types freely; the draft gets the numbers. */
function InboxIdsField({ ids, error, onChange }: { ids: number[]; error?: string; onChange: (ids: number[]) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(ids.join(', '));
  return (
    <Field label={t('inboxAutomation.inboxIds')} hint={t('inboxAutomation.inboxIdsHint')} error={error}>
      {(a) => <input {...a} inputMode="numeric" value={text} placeholder="3, 7" onChange={(e) => { setText(e.target.value); onChange(inboxIds(e.target.value)); }} />}
    </Field>
  );
}

/** An optional whole number from an input: empty is null (no limit, off). */
const optionalNumber = (v: string) => (v.trim() === '' ? null : Number(v));

export function AgentManagementPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const q = useQuery({ queryKey: ['automation', 'allocation'], queryFn: () => api<{ divisions: DivisionAllocation[] }>('GET', '/api/v1/automation/allocation') });
  const [draft, setDraft] = useState<DivisionAllocation[] | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);
  useEffect(() => {
    if (q.data && draft === null) setDraft(structuredClone(q.data.divisions));
  }, [q.data, draft]);
  if (q.error) return <ErrorNotice error={q.error} />;
  if (!draft) return <Loading />;

  const update = (i: number, change: (d: DivisionAllocation) => void) => {
    setDraft((all) => all!.map((d, k) => { if (k !== i) return d; const next = { ...d }; change(next); return next; }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([p]) => !p.startsWith(`divisions.${i}.`))));
    setStatus(null);
  };
  async function save() {
    try {
      const body = { divisions: draft!.map(({ divisionName: _n, ...d }) => d) };
      const r = await api<{ divisions: DivisionAllocation[] }>('PUT', '/api/v1/automation/allocation', body);
      client.setQueryData(['automation', 'allocation'], r);
      setDraft(structuredClone(r.divisions));
      setErrors({});
      setStatus({ kind: 'saved', text: t('agents.saved') });
    } catch (e) {
      if (e instanceof ApiError && e.details.length) setErrors(Object.fromEntries(e.details.map((d) => [d.path, d.message])));
      setStatus({ kind: 'error', text: e instanceof ApiError ? (e.details.length ? t('agents.fixErrors') : e.message) : t('common.unexpectedError') });
    }
  }

  return (
    <div className="agent-management">
      <PageHeader title={t('agents.title')} />
      <p className="lead">{t('agents.lead')}</p>
      {draft.length === 0 && <p className="muted">{t('agents.noDivisions')}</p>}
      {draft.map((d, i) => {
        const err = (f: string) => errors[`divisions.${i}.${f}`];
        return (
          <Card key={d.divisionId} title={d.divisionName}>
            <Switch label={t('agents.enabled')} checked={d.enabled} onChange={(v) => update(i, (x) => { x.enabled = v; })} />
            <div className="number-row">
              <Field label={t('agents.method')} error={err('method')}>
                {(a) => (
                  <select {...a} value={d.method} onChange={(e) => update(i, (x) => { x.method = e.target.value as DivisionAllocation['method']; })}>
                    <option value="round_robin">{t('agents.methods.round_robin')}</option>
                    <option value="least_open">{t('agents.methods.least_open')}</option>
                  </select>
                )}
              </Field>
              <Field label={t('agents.workloadLimit')} hint={t('agents.workloadLimitHint')} error={err('workloadLimit')}>
                {(a) => <input {...a} type="number" inputMode="numeric" min={1} value={d.workloadLimit ?? ''} onChange={(e) => update(i, (x) => { x.workloadLimit = optionalNumber(e.target.value); })} />}
              </Field>
              <Field label={t('agents.workloadScope')} error={err('workloadScope')}>
                {(a) => (
                  <select {...a} value={d.workloadScope} onChange={(e) => update(i, (x) => { x.workloadScope = e.target.value as DivisionAllocation['workloadScope']; })}>
                    <option value="all_channels">{t('agents.scopes.all_channels')}</option>
                    <option value="per_channel">{t('agents.scopes.per_channel')}</option>
                  </select>
                )}
              </Field>
              <Field label={t('agents.idleMinutes')} hint={t('agents.idleMinutesHint')} error={err('idleMinutes')}>
                {(a) => <input {...a} type="number" inputMode="numeric" min={1} value={d.idleMinutes ?? ''} onChange={(e) => update(i, (x) => { x.idleMinutes = optionalNumber(e.target.value); })} />}
              </Field>
              <Field label={t('agents.chatwootTeamId')} hint={t('agents.chatwootTeamIdHint')} error={err('chatwootTeamId')}>
                {(a) => <input {...a} type="number" inputMode="numeric" min={1} value={d.chatwootTeamId ?? ''} onChange={(e) => update(i, (x) => { x.chatwootTeamId = optionalNumber(e.target.value); })} />}
              </Field>
              <InboxIdsField ids={d.chatwootInboxIds} error={err('chatwootInboxIds')} onChange={(ids) => update(i, (x) => { x.chatwootInboxIds = ids; })} />
            </div>
            <label className="check"><input type="checkbox" checked={d.takeoverAllowed} onChange={(e) => update(i, (x) => { x.takeoverAllowed = e.target.checked; })} />{t('agents.takeover')}</label>
            <label className="check"><input type="checkbox" checked={d.reassignAllowed} onChange={(e) => update(i, (x) => { x.reassignAllowed = e.target.checked; })} />{t('agents.reassign')}</label>
            <p className="hint" data-testid="allocation-summary">{summary(d, t)}</p>
          </Card>
        );
      })}
      {draft.length > 0 && (
        <div className="save-bar">
          <span role="status" className={status?.kind === 'error' ? 'error-text' : 'muted'}>{status?.text ?? ''}</span>
          <button type="button" className="button-primary" onClick={() => void save()}>{t('agents.save')}</button>
        </div>
      )}
    </div>
  );
}

/** What the division's settings will do, in words. */
function summary(d: DivisionAllocation, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (!d.enabled) return t('agents.summaryOff');
  const parts = [t(`agents.summary.${d.method}`)];
  parts.push(d.workloadLimit === null ? t('agents.summary.noLimit') : t(`agents.summary.limit_${d.workloadScope}`, { count: d.workloadLimit }));
  if (d.idleMinutes !== null) parts.push(t('agents.summary.idle', { count: d.idleMinutes }));
  return parts.join(' ');
}
