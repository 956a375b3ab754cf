/**
 * Inputs whose text is the person's while they type, and whose value is parsed from it: a list typed as
 * "billing, refund" (re-joining the list on every key ate each comma as it was typed), a number that may
 * be emptied to retype it (an empty field jumped back to its default). The text follows the value only
 * when the value changes from elsewhere (discard, reset, another division).
 */
import { useState, type InputHTMLAttributes } from 'react';

type Rest = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'>;

const parseList = (text: string) => text.split(',').map((x) => x.trim()).filter(Boolean);
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** A comma-separated list of words (tags). */
export function ListInput({ value, onChange, ...rest }: Rest & { value: readonly string[]; onChange: (v: string[]) => void }) {
  const [text, setText] = useState(value.join(', '));
  const shown = sameList(parseList(text), value) ? text : value.join(', ');
  return <input {...rest} value={shown} onChange={(e) => { setText(e.target.value); onChange(parseList(e.target.value)); }} />;
}

/** A whole number; emptied, the field stays empty and the value is `fallback` (what saving would use). */
export function NumberInput({ value, fallback, onChange, ...rest }: Rest & { value: number | undefined; fallback: number; onChange: (v: number) => void }) {
  const current = value ?? fallback;
  const [text, setText] = useState(String(current));
  const read = (t: string) => (t.trim() === '' ? fallback : Number(t));
  const shown = read(text) === current ? text : String(current);
  return (
    <input {...rest} type="number" inputMode="numeric" value={shown} onChange={(e) => {
      setText(e.target.value);
      const n = read(e.target.value);
      if (!Number.isNaN(n)) onChange(n);
    }} />
  );
}
