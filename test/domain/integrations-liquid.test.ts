/** The sandbox around admin-written LiquidJS templates (domain/integrations/liquid) and the HTTP kind's save-time checks. */
import { describe, expect, it } from 'vitest';
import { MAX_RENDERED_LENGTH, renderTemplate, templateProblem } from '../../src/domain/integrations/liquid.js';
import { validateHttpConfig } from '../../src/services/integrations/kinds/http.js';

describe('template sandbox', () => {
  it('refuses partials and layouts at parse time, and unknown filters', () => {
    for (const t of ['{% include "/etc/passwd" %}', '{% render "x" %}', '{% layout "x" %}']) expect(templateProblem(t)).toMatch(/is not available here/);
    expect(templateProblem('{{ x | no_such_filter }}')).toMatch(/undefined filter/);
    expect(templateProblem('{{ response.comment | json }}')).toBeNull();
  });

  it('reads only own properties: no prototype or constructor', async () => {
    const vars = { response: { score: 3 } };
    expect(await renderTemplate('[{{ response.constructor }}][{{ response.__proto__ }}][{{ response.toString }}][{{ response.score }}]', vars)).toBe('[][][][3]');
  });

  it('bounds what a template may cost and produce', async () => {
    await expect(renderTemplate('{% for i in (1..100000000) %}x{% endfor %}', {})).rejects.toThrow(/Template error/);
    await expect(renderTemplate('{{ s }}', { s: 'x'.repeat(MAX_RENDERED_LENGTH + 1) })).rejects.toThrow(/longer than/);
    expect(templateProblem('x'.repeat(20_001))).toMatch(/at most/);
  });

  it('quotes text for JSON with the json filter', async () => {
    expect(JSON.parse(await renderTemplate('{"c": {{ c | json }}, "n": {{ missing.x | json }}}', { c: 'a "quoted"\nline' }))).toEqual({ c: 'a "quoted"\nline', n: null });
  });
});

describe('HTTP kind settings', () => {
  it('names each wrong field', () => {
    const { problems } = validateHttpConfig({ method: 'TRACE', url: 'javascript:alert(1)', headers: { Host: 'x', 'Bad Name': 'y', 'X-Ok': '{{ x' }, body: 1, extra: true });
    expect(problems.map((p) => p.path)).toEqual(['config.method', 'config.url', 'config.headers.Host', 'config.headers.Bad Name', 'config.headers.X-Ok', 'config.body', 'config.extra']);
  });

  it('accepts a templated URL that starts with http(s)', () => {
    const r = validateHttpConfig({ url: 'https://{{ secrets.host }}/v1/notes', headers: { Authorization: 'Bearer {{ secrets.token }}' }, body: '{}' });
    expect(r.problems).toEqual([]);
    expect(r.config).toEqual({ method: 'POST', url: 'https://{{ secrets.host }}/v1/notes', headers: { Authorization: 'Bearer {{ secrets.token }}' }, body: '{}' });
  });
});
