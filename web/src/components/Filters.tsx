/**
 * Report and response filters, kept in the URL query string (shareable, survive a reload). The tag is
 * typed: it reaches the URL (and the reports) once typing pauses, not at every keystroke.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../api.js';
import { atLeast, useMe } from '../auth.js';

export const FILTER_KEYS = ['from', 'to', 'type', 'channelId', 'divisionId', 'agentId', 'tag', 'resolvedBy'] as const;
export type FilterValues = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

export function useFilters(): [FilterValues, (patch: FilterValues) => void] {
  const [params, setParams] = useSearchParams();
  const values: FilterValues = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) values[k] = v;
  }
  const set = (patch: FilterValues) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    next.delete('cursor');
    setParams(next, { replace: true });
  };
  return [values, set];
}

interface Named { id: string; name: string }

const TYPING_PAUSE_MS = 300;

/** A text filter that reports its value after a pause in typing (or at Enter). */
function DebouncedInput({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const [text, setText] = useState(value);
  const sent = useRef(value);
  const latest = useRef(onChange);
  latest.current = onChange;
  const send = (v: string) => {
    sent.current = v;
    latest.current(v);
  };
  // The URL also changes from elsewhere (Clear filters, a tag's link, back and forward).
  useEffect(() => {
    if (value !== sent.current) {
      sent.current = value;
      setText(value);
    }
  }, [value]);
  useEffect(() => {
    if (text === sent.current) return;
    const timer = setTimeout(() => send(text), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  return <input type="text" value={text} onChange={(e) => setText(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter' && text !== sent.current) send(text); }} />;
}

/** `period`: the dates the reports use when the filters leave them open, shown in the date fields. */
export function Filters({ children, period }: { children?: React.ReactNode; period?: { from: string; to: string } }) {
  const { t } = useTranslation();
  const me = useMe();
  const [f, set] = useFilters();
  const channels = useQuery({ queryKey: ['channels'], queryFn: () => api<{ items: Named[] }>('GET', '/api/v1/channels') });
  const divisions = useQuery({ queryKey: ['divisions'], queryFn: () => api<{ items: Named[] }>('GET', '/api/v1/divisions') });
  const canSeeAgents = atLeast(me, 'supervisor');
  const users = useQuery({ queryKey: ['users'], enabled: canSeeAgents, queryFn: () => api<{ items: (Named & { role: string })[] }>('GET', '/api/v1/users') });
  const select = (key: keyof FilterValues, label: string, options: Named[]) => (
    <label>
      <span>{label}</span>
      <select value={f[key] ?? ''} onChange={(e) => set({ [key]: e.target.value })}>
        <option value="">{t('filters.all')}</option>
        {options.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
      </select>
    </label>
  );
  return (
    <form className="filters" role="search" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
      <label>
        <span>{t('filters.from')}</span>
        <input type="date" value={f.from ?? period?.from ?? ''} max={f.to ?? period?.to} onChange={(e) => set({ from: e.target.value })} />
      </label>
      <label>
        <span>{t('filters.to')}</span>
        <input type="date" value={f.to ?? period?.to ?? ''} min={f.from ?? period?.from} onChange={(e) => set({ to: e.target.value })} />
      </label>
      {select('type', t('filters.type'), [{ id: 'csat', name: 'CSAT' }, { id: 'ces', name: 'CES' }, { id: 'nps', name: 'NPS' }])}
      {select('channelId', t('filters.channel'), channels.data?.items ?? [])}
      {select('divisionId', t('filters.division'), divisions.data?.items ?? [])}
      {canSeeAgents && select('agentId', t('filters.agent'), (users.data?.items ?? []).filter((u) => u.role === 'agent'))}
      {select('resolvedBy', t('filters.resolvedBy'), [{ id: 'agent', name: t('filters.agentResolved') }, { id: 'auto', name: t('filters.autoResolved') }])}
      <label>
        <span>{t('filters.tag')}</span>
        <DebouncedInput value={f.tag ?? ''} onChange={(tag) => set({ tag })} />
      </label>
      {children}
      {Object.keys(f).length > 0 && <button type="button" className="button-quiet" onClick={() => set(Object.fromEntries(FILTER_KEYS.map((k) => [k, ''])))}>{t('filters.clear')}</button>}
    </form>
  );
}
