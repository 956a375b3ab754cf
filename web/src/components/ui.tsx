/** Small accessible building blocks shared by every page. */
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.js';

/** A labelled control with its hint and error; the error is announced and tied to the control. */
export function Field(props: { label: string; hint?: ReactNode; error?: string; children: (a11y: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode; counter?: ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [props.hint ? hintId : null, props.error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${props.error ? ' has-error' : ''}`}>
      <div className="field-label">
        <label htmlFor={id}>{props.label}</label>
        {props.counter}
      </div>
      {props.children({ id, 'aria-describedby': describedBy, ...(props.error && { 'aria-invalid': true }) })}
      {props.hint && <p className="hint" id={hintId}>{props.hint}</p>}
      {props.error && <p className="error-text" id={errorId} role="alert">{props.error}</p>}
    </div>
  );
}

/** An on/off switch (a checkbox with role switch). */
export function Switch({ checked, onChange, label, id }: { checked: boolean; onChange: (v: boolean) => void; label: string; id?: string }) {
  return (
    <label className="switch">
      <input id={id} type="checkbox" role="switch" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span className="switch-track" aria-hidden="true" />
      <span className="switch-label">{label}</span>
    </label>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return <p className="loading" role="status">{label ?? t('common.loading')}</p>;
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}

/** An API or network error as a banner with the API's own message. */
export function ErrorNotice({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const message = error instanceof ApiError ? error.message : t('common.unexpectedError');
  return <div className="notice notice-error" role="alert">{message}</div>;
}

export function PageHeader({ title, children, level = 1 }: { title: string; children?: ReactNode; level?: 1 | 2 }) {
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <header className={`page-header${level === 2 ? ' section-header' : ''}`}>
      <Heading>{title}</Heading>
      {children && <div className="page-actions">{children}</div>}
    </header>
  );
}

export function Card({ title, children, actions, className }: { title?: ReactNode; children: ReactNode; actions?: ReactNode; className?: string }) {
  return (
    <section className={`card${className ? ` ${className}` : ''}`}>
      {(title || actions) && (
        <div className="card-head">
          {title && <h2>{title}</h2>}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}
