/**
 * Ticket titles (Settings → Ticket → Judul Ticket): a template with `{{variable}}` placeholders, e.g.
 * `CSAT {{score}} – {{contact.name}}`. A small pure renderer: only the listed variables exist, so a
 * template is checked when saved and renders the same everywhere (no logic, no HTML: a title is text).
 */
export const TITLE_VARIABLES = ['score', 'survey', 'comment', 'contact.name', 'contact.id', 'conversation.id', 'agent.name', 'division.name', 'channel.name'] as const;
export type TitleVariable = (typeof TITLE_VARIABLES)[number];
export type TitleValues = Partial<Record<TitleVariable, string | number | null>>;

export const DEFAULT_TITLE_TEMPLATE = '{{survey}} {{score}} – {{contact.name}}';
export const TITLE_MAX = 250;
const PLACEHOLDER = /\{\{\s*([a-z.]+)\s*\}\}/g;

/** Variables the template names that do not exist. */
export function unknownVariables(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((v) => !(TITLE_VARIABLES as readonly string[]).includes(v));
}

/** The title: each placeholder replaced by its value (empty when missing), whitespace collapsed, cut to TITLE_MAX. */
export function renderTitle(template: string, values: TitleValues): string {
  const text = template.replace(PLACEHOLDER, (_, name: string) => {
    const v = values[name as TitleVariable];
    return v === null || v === undefined ? '' : String(v);
  });
  return text.replace(/\s+/g, ' ').trim().slice(0, TITLE_MAX);
}
