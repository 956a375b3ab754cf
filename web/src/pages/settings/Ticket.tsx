/** Settings → Ticket: submit ticket on/off, the title template, the button label, the webhook. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api.js';
import { Card, ErrorNotice, Field, Loading, PageHeader, Switch } from '../../components/ui.js';

export interface TicketSettings {
  enabled: boolean;
  titleTemplate: string;
  buttonLabel: { id?: string; en?: string };
  webhookUrl: string | null;
  hasSigningSecret: boolean;
  variables: string[];
}

export function TicketPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['ticket-settings'], queryFn: () => api<TicketSettings>('GET', '/api/v1/settings/ticket') });
  const [f, setF] = useState({ enabled: false, titleTemplate: '', labelId: '', labelEn: '', webhookUrl: '' });
  useEffect(() => {
    if (q.data) setF({ enabled: q.data.enabled, titleTemplate: q.data.titleTemplate, labelId: q.data.buttonLabel.id ?? '', labelEn: q.data.buttonLabel.en ?? '', webhookUrl: q.data.webhookUrl ?? '' });
  }, [q.data]);
  const save = useMutation({
    mutationFn: () => api<TicketSettings & { signingSecret: string | null }>('PUT', '/api/v1/settings/ticket', {
      enabled: f.enabled, titleTemplate: f.titleTemplate, webhookUrl: f.webhookUrl.trim() || null,
      buttonLabel: { ...(f.labelId && { id: f.labelId }), ...(f.labelEn && { en: f.labelEn }) },
    }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['ticket-settings'] }),
  });
  const err = save.error instanceof ApiError ? save.error : null;
  const set = (p: Partial<typeof f>) => setF({ ...f, ...p });
  if (!q.data) return <><PageHeader title={t('contactFields.ticket.title')} /><ErrorNotice error={q.error} />{!q.error && <Loading />}</>;
  return (
    <div>
      <PageHeader title={t('contactFields.ticket.title')} />
      <p className="lead">{t('contactFields.ticket.lead')}</p>
      <Card>
        <form onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
          <Switch checked={f.enabled} onChange={(enabled) => set({ enabled })} label={t('contactFields.ticket.enabled')} />
          <Field label={t('contactFields.ticket.titleTemplate')} hint={t('contactFields.ticket.variables', { list: q.data.variables.map((v) => `{{${v}}}`).join(', ') })} error={err?.at('titleTemplate')}>
            {(a) => <input {...a} value={f.titleTemplate} onChange={(e) => set({ titleTemplate: e.target.value })} />}
          </Field>
          <Field label={t('contactFields.ticket.labelId')} error={err?.at('buttonLabel')}>{(a) => <input {...a} value={f.labelId} onChange={(e) => set({ labelId: e.target.value })} />}</Field>
          <Field label={t('contactFields.ticket.labelEn')}>{(a) => <input {...a} value={f.labelEn} onChange={(e) => set({ labelEn: e.target.value })} />}</Field>
          <Field label={t('contactFields.ticket.webhookUrl')} hint={t('contactFields.ticket.webhookHint')} error={err?.at('webhookUrl')}>
            {(a) => <input {...a} type="url" value={f.webhookUrl} onChange={(e) => set({ webhookUrl: e.target.value })} />}
          </Field>
          <button type="submit" className="button primary" disabled={save.isPending}>{t('common.save')}</button>
          {save.isSuccess && <p role="status">{t('common.saved')}</p>}
          {save.data?.signingSecret && <p>{t('contactFields.ticket.secret')} <code className="secret">{save.data.signingSecret}</code></p>}
          {err && !err.details.length && <ErrorNotice error={err} />}
        </form>
      </Card>
    </div>
  );
}
