/** Change your own password (the first-run admin password is printed once and should be changed). */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.js';
import { Dialog } from './Dialog.js';
import { Field } from './ui.js';

export function PasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const close = () => {
    setCurrent('');
    setNext('');
    setError(null);
    setDone(false);
    onClose();
  };
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', '/api/v1/auth/password', { currentPassword: current, newPassword: next });
      setDone(true);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'error', t('common.unexpectedError')));
    }
  }
  return (
    <Dialog open={open} title={t('password.title')} onClose={close}
      footer={done ? <button type="button" className="button-primary" onClick={close}>{t('resource.done')}</button> : (
        <>
          <button type="button" className="button-quiet" onClick={close}>{t('common.cancel')}</button>
          <button type="submit" form="password-form" className="button-primary">{t('password.submit')}</button>
        </>
      )}>
      {done ? <p role="status">{t('password.changed')}</p> : (
        <form id="password-form" onSubmit={submit} noValidate>
          <Field label={t('password.current')} error={error?.at('currentPassword')}>{(a) => <input {...a} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />}</Field>
          <Field label={t('password.new')} hint={t('password.hint')} error={error?.at('newPassword')}>{(a) => <input {...a} type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />}</Field>
          {error && !error.at('currentPassword') && !error.at('newPassword') && <div className="notice notice-error" role="alert">{error.message}</div>}
        </form>
      )}
    </Dialog>
  );
}
