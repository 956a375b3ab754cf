/**
 * A settings list with create, edit and delete in a dialog: the shape every "other settings" page
 * shares. Each page gives its columns, its form and how the form becomes an API body; API field errors
 * come back next to their fields, and a creation can show something once (a token, a password).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.js';
import { Dialog } from './Dialog.js';
import { Empty, ErrorNotice, Loading, PageHeader } from './ui.js';

export type FormErrors = Record<string, string>;

export interface ResourceConfig<T extends { id: string }, F> {
  title: string;
  lead?: ReactNode;
  endpoint: string;
  noun: string;
  columns: { header: string; cell: (item: T) => ReactNode; className?: string }[];
  empty: () => F;
  toForm?: (item: T) => F;
  form: (form: F, set: (patch: Partial<F>) => void, errors: FormErrors, isNew: boolean) => ReactNode;
  toBody: (form: F, isNew: boolean) => unknown;
  /** Problems found before sending (field path → message); the API checks again. */
  validate?: (form: F) => FormErrors;
  /** How to edit: PATCH (default) or PUT. Without `toForm` items cannot be edited. */
  editMethod?: 'PATCH' | 'PUT';
  deleteLabel?: string;
  /** Shown once after a creation (e.g. a token); the dialog stays open to show it. */
  created?: (response: any) => ReactNode;
  rowActions?: (item: T) => ReactNode;
  itemName: (item: T) => string;
  /** 2 when the list is a section of a page that has its own title. */
  headingLevel?: 1 | 2;
}

export function ResourcePage<T extends { id: string }, F>(c: ResourceConfig<T, F>) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = [c.endpoint];
  const list = useQuery({ queryKey: key, queryFn: () => api<{ items: T[] }>('GET', c.endpoint) });
  const [editing, setEditing] = useState<{ item: T | null; form: F } | null>(null);
  const [errors, setErrors] = useState<FormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [shown, setShown] = useState<ReactNode>(null);
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState<T | null>(null);
  const [deleteError, setDeleteError] = useState<unknown>(null);

  const open = (item: T | null) => {
    setEditing({ item, form: item && c.toForm ? c.toForm(item) : c.empty() });
    setErrors({});
    setFormError(null);
    setShown(null);
  };
  const close = () => setEditing(null);

  async function submit() {
    if (!editing) return;
    setFormError(null);
    const found = c.validate?.(editing.form) ?? {};
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    const isNew = editing.item === null;
    try {
      const body = c.toBody(editing.form, isNew);
      const r = isNew ? await api('POST', c.endpoint, body) : await api(c.editMethod ?? 'PATCH', `${c.endpoint}/${editing.item!.id}`, body);
      await client.invalidateQueries({ queryKey: key });
      const once = isNew && c.created ? c.created(r) : null;
      if (once) setShown(once);
      else close();
    } catch (e) {
      if (e instanceof ApiError && e.details.length) {
        // Paths may come as "name" or "body.name"; anything not on a field is shown above the buttons.
        const byPath = Object.fromEntries(e.details.map((d) => [d.path.replace(/^body\./, ''), d.message]));
        setErrors(byPath);
        setFormError(e.message);
      } else setFormError(e instanceof ApiError ? e.message : t('common.unexpectedError'));
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!deleting) return;
    try {
      await api('DELETE', `${c.endpoint}/${deleting.id}`);
      await client.invalidateQueries({ queryKey: key });
      setDeleting(null);
    } catch (e) {
      setDeleteError(e);
    }
  }

  const items = list.data?.items ?? [];
  return (
    <div>
      <PageHeader title={c.title} level={c.headingLevel}>
        <button type="button" className="button-primary" onClick={() => open(null)}>{t('resource.add', { noun: c.noun })}</button>
      </PageHeader>
      {c.lead && <p className="lead">{c.lead}</p>}
      <ErrorNotice error={list.error} />
      {list.isPending ? (
        <Loading />
      ) : !items.length ? (
        <Empty title={t('resource.empty', { noun: c.noun })} />
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {c.columns.map((col) => <th key={col.header} scope="col" className={col.className}>{col.header}</th>)}
                <th scope="col"><span className="visually-hidden">{t('resource.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  {c.columns.map((col, i) => (i === 0 ? <th key={col.header} scope="row">{col.cell(item)}</th> : <td key={col.header} className={col.className}>{col.cell(item)}</td>))}
                  <td className="row-actions">
                    {c.rowActions?.(item)}
                    {c.toForm && <button type="button" className="button-quiet" onClick={() => open(item)} aria-label={t('resource.editNamed', { name: c.itemName(item) })}>{t('resource.edit')}</button>}
                    <button type="button" className="button-quiet danger" onClick={() => { setDeleteError(null); setDeleting(item); }} aria-label={`${c.deleteLabel ?? t('resource.delete')}: ${c.itemName(item)}`}>{c.deleteLabel ?? t('resource.delete')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog
        open={editing !== null}
        title={editing?.item ? t('resource.editTitle', { name: c.itemName(editing.item) }) : t('resource.add', { noun: c.noun })}
        onClose={close}
        footer={shown ? (
          <button type="button" className="button-primary" onClick={close}>{t('resource.done')}</button>
        ) : (
          <>
            <button type="button" className="button-quiet" onClick={close}>{t('common.cancel')}</button>
            <button type="submit" form="resource-form" className="button-primary" disabled={busy}>{busy ? t('common.saving') : t('common.save')}</button>
          </>
        )}
      >
        {shown ?? (editing && (
          <form id="resource-form" className="resource-form" onSubmit={(e) => { e.preventDefault(); void submit(); }} noValidate>
            {c.form(editing.form, (patch) => setEditing((x) => (x ? { ...x, form: { ...x.form, ...patch } } : x)), errors, editing.item === null)}
            {formError && <div className="notice notice-error" role="alert">{formError}</div>}
          </form>
        ))}
      </Dialog>
      <Dialog
        open={deleting !== null}
        title={t('resource.confirmTitle', { name: deleting ? c.itemName(deleting) : '' })}
        onClose={() => setDeleting(null)}
        footer={
          <>
            <button type="button" className="button-quiet" onClick={() => setDeleting(null)}>{t('common.cancel')}</button>
            <button type="button" className="button-danger" onClick={() => void remove()}>{c.deleteLabel ?? t('resource.delete')}</button>
          </>
        }
      >
        <p>{t('resource.confirmBody')}</p>
        <ErrorNotice error={deleteError} />
      </Dialog>
    </div>
  );
}
