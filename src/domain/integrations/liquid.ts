/**
 * Templates an admin writes (an HTTP integration's URL, headers and body) in LiquidJS, sandboxed: no
 * file system, partials or layouts (include / render / layout refuse to parse), only the variables'
 * own properties (no prototype walking), and bounded parse size, render time, memory and output size,
 * so a template cannot read the server or hold the event loop.
 */
import { Liquid } from 'liquidjs';

/** The largest template accepted (characters) and the largest rendered text (characters). */
export const MAX_TEMPLATE_LENGTH = 20_000;
export const MAX_RENDERED_LENGTH = 100_000;

const FORBIDDEN_TAGS = ['include', 'render', 'layout', 'block'];

function sandboxedEngine(): Liquid {
  const engine = new Liquid({
    templates: {}, // never the file system
    ownPropertyOnly: true,
    strictFilters: true,
    strictVariables: false,
    parseLimit: MAX_TEMPLATE_LENGTH,
    renderLimit: 200, // ms
    memoryLimit: 10_000_000,
    cache: 200,
  });
  // A missing variable is `undefined`, which the stock json filter prints as nothing (invalid JSON): print null.
  engine.registerFilter('json', (value: unknown, space?: number) => JSON.stringify(value === undefined ? null : value, null, typeof space === 'number' ? Math.min(space, 8) : undefined));
  for (const tag of FORBIDDEN_TAGS) {
    engine.registerTag(tag, {
      parse() {
        throw new Error(`the {% ${tag} %} tag is not available here`);
      },
      render() {
        return '';
      },
    });
  }
  return engine;
}

const engine = sandboxedEngine();

/** Why a template cannot be used (a sentence), or null when it parses. */
export function templateProblem(template: string): string | null {
  if (template.length > MAX_TEMPLATE_LENGTH) return `Must be at most ${MAX_TEMPLATE_LENGTH} characters.`;
  try {
    engine.parse(template);
    return null;
  } catch (err) {
    return `Template error: ${firstLine((err as Error).message)}`;
  }
}

export class TemplateRenderError extends Error {}

/** The template rendered with `vars`; throws TemplateRenderError (with a sentence) when it cannot be. */
export async function renderTemplate(template: string, vars: object): Promise<string> {
  let out: string;
  try {
    out = await engine.parseAndRender(template, vars as Record<string, unknown>);
  } catch (err) {
    throw new TemplateRenderError(`Template error: ${firstLine((err as Error).message)}`);
  }
  if (out.length > MAX_RENDERED_LENGTH) throw new TemplateRenderError(`The rendered text is longer than ${MAX_RENDERED_LENGTH} characters.`);
  return out;
}

const firstLine = (s: string) => s.split('\n')[0]!.slice(0, 300);
