/** Block Kit builders: shapes from Slack's Block Kit reference (docs.slack.dev/reference/block-kit/blocks/*), limits, escaping. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertMessage, blockKitProblems, digestMessage, escapeMrkdwn, truncate, type DigestAnswer } from '../../src/domain/slack/blocks.js';

const alert = {
  ruleName: 'Unhappy', surveyType: 'csat' as const, score: 1, scaleMin: 1, scaleMax: 5, comment: 'Slow <@channel> & rude',
  contact: 'Sari', agent: 'Budi', channel: 'WhatsApp', division: 'Billing', conversationId: 'c-1',
  conversationUrl: 'https://nilai.example.com/conversations/c-1', answeredAt: '1 Dec 2026 10:00 (Asia/Jakarta)',
};
const answer = (i: number, comment: string | null = `comment ${i}`): DigestAnswer => ({
  surveyType: 'nps', score: 2, scaleMin: 0, scaleMax: 10, comment, agent: 'Budi', channel: 'Telegram', conversationId: `c-${i}`, conversationUrl: `https://n.example/conversations/c-${i}`,
});
const digest = (lowScores: DigestAnswer[]) => ({
  name: 'Daily digest', periodLabel: 'Mon 30 Nov 2026', dashboardUrl: 'https://n.example/?from=2026-11-30',
  scores: [{ label: 'CSAT', value: '80.0 %', n: 40 }, { label: 'NPS', value: null, n: 0 }], responseRate: '41.0 %', lowScores,
});

describe('Slack alert message', () => {
  it('has a header, the comment quoted and escaped, the fields, the conversation link and a context line', () => {
    const m = alertMessage(alert);
    expect(m.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'context']);
    expect(m.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'CSAT 1 (1–5) from Sari', emoji: true } });
    expect(m.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '>Slow &lt;@channel&gt; &amp; rude' } });
    expect(JSON.stringify(m.blocks[2])).toContain('*Agent*\\nBudi');
    expect(m.blocks[3]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '<https://nilai.example.com/conversations/c-1|Open conversation c-1 in nilai>' } });
    expect(m.text).toBe('CSAT 1 (1–5) from Sari: "Slow <@channel> & rude"');
    expect(blockKitProblems(m)).toEqual([]);
  });

  it('stays inside the limits whatever the comment and names', () => {
    fc.assert(fc.property(fc.string({ maxLength: 5000 }), fc.string({ maxLength: 400 }), (comment, name) => {
      const m = alertMessage({ ...alert, comment, contact: name, agent: name, ruleName: name });
      expect(blockKitProblems(m)).toEqual([]);
      expect([...m.text].length).toBeLessThanOrEqual(3000);
    }), { numRuns: 200 });
  });

  it('cuts escaped text without leaving half an entity', () => {
    const m = alertMessage({ ...alert, comment: '&'.repeat(2000) });
    const text = (m.blocks[1] as { text: { text: string } }).text.text;
    expect([...text].length).toBeLessThanOrEqual(3000);
    expect(text).toMatch(/(&amp;)+…$/);
  });
});

describe('Slack digest message', () => {
  it('lists the scores and each low score with its conversation link', () => {
    const m = digestMessage(digest([answer(1), answer(2, null)]));
    expect(m.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'divider', 'section', 'section']);
    expect(JSON.stringify(m.blocks[1])).toContain('*CSAT*\\n80.0 % (n = 40)');
    expect(JSON.stringify(m.blocks[1])).toContain('*NPS*\\nno answers');
    expect((m.blocks[4] as any).text.text).toBe('*NPS 2 (0–10)* · Budi · Telegram · <https://n.example/conversations/c-1|c-1>\n>comment 1');
    expect((m.blocks[5] as any).text.text).toContain('_No comment._');
    expect(m.text).toBe('Daily digest: Mon 30 Nov 2026: CSAT 80.0 %; 2 low scores');
  });

  it('says so when there are no low scores', () => {
    expect(digestMessage(digest([])).blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'No low scores in this period.' }] });
  });

  it('never exceeds 50 blocks: the rest is counted with a link', () => {
    const m = digestMessage(digest(Array.from({ length: 120 }, (_, i) => answer(i))));
    expect(m.blocks).toHaveLength(50);
    expect((m.blocks[49] as any).elements[0].text).toBe('…and 75 more low scores: <https://n.example/?from=2026-11-30|see the responses in nilai>');
    expect(blockKitProblems(m)).toEqual([]);
  });
});

describe('text helpers', () => {
  it('escapes mrkdwn control characters and truncates by code point', () => {
    expect(escapeMrkdwn('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    expect(truncate('😀😀😀', 2)).toBe('😀…');
    expect(truncate('abc', 3)).toBe('abc');
  });
});
