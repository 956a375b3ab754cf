/**
 * Slack messages (Block Kit) for incoming webhooks: a low-score alert and a period digest. Pure.
 *
 * Limits from Slack's Block Kit reference (docs.slack.dev/reference/block-kit): a message holds at
 * most 50 blocks; a section's text at most 3000 characters, each of its (at most 10) fields 2000; a
 * header's plain text 150; a context block at most 10 elements. Text beyond a limit is cut with "…"
 * rather than refused by Slack with `invalid_blocks`. In mrkdwn, `&`, `<` and `>` are control characters
 * and must be escaped (docs.slack.dev/messaging/formatting-message-text).
 */

export const SLACK_LIMITS = { blocks: 50, sectionText: 3000, fieldText: 2000, fields: 10, headerText: 150, contextElements: 10, fallbackText: 3000 } as const;

export type TextObject = { type: 'plain_text'; text: string; emoji?: boolean } | { type: 'mrkdwn'; text: string };
export type Block =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji?: boolean } }
  | { type: 'section'; text?: TextObject; fields?: TextObject[] }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'divider' };

/** What an incoming webhook is POSTed: `text` is the notification and fallback, `blocks` the message. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** Cuts `s` to at most `max` characters (code points, so no surrogate is split), ending with "…" when cut. */
export function truncate(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** Escapes the three characters mrkdwn reads as markup, so a customer's comment cannot ping @channel or forge a link. */
export const escapeMrkdwn = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A mrkdwn link; `label` is escaped, the URL must be ours (no `|` or `>` in it after encoding). */
export const link = (url: string, label: string): string => `<${url.replace(/[|>]/g, encodeURIComponent)}|${escapeMrkdwn(label)}>`;

const mrkdwn = (text: string, max: number = SLACK_LIMITS.sectionText): TextObject => ({ type: 'mrkdwn', text: truncateEscaped(text, max) });
const header = (text: string): Block => ({ type: 'header', text: { type: 'plain_text', text: truncate(text, SLACK_LIMITS.headerText), emoji: true } });

/** Cuts already-escaped mrkdwn without leaving half an entity (`&am…`) at the end. */
function truncateEscaped(text: string, max: number): string {
  const cut = truncate(text, max);
  return cut === text ? text : cut.replace(/&[a-z]{0,3}…$/, '…');
}

export interface AlertInput {
  ruleName: string;
  surveyType: 'csat' | 'ces' | 'nps';
  score: number;
  scaleMin: number;
  scaleMax: number;
  comment: string | null;
  contact: string;
  agent: string | null;
  channel: string | null;
  division: string | null;
  /** Null for answers without a conversation (website widget, survey links). */
  conversationId: string | null;
  /** The conversation in the admin app (from PUBLIC_URL). */
  conversationUrl: string | null;
  /** Where an answer without a conversation was given, e.g. "in the widget survey on https://shop.example/checkout". */
  where?: string;
  /** When the answer was given, already formatted in the workspace's time zone. */
  answeredAt: string;
}

const scoreText = (a: { surveyType: string; score: number; scaleMin: number; scaleMax: number }) => `${a.surveyType.toUpperCase()} ${a.score} (${a.scaleMin}–${a.scaleMax})`;

/** The message of a low-score alert: who answered what, their comment, agent, channel, and a link to the conversation. */
export function alertMessage(a: AlertInput): SlackMessage {
  const what = scoreText(a);
  const comment = a.comment?.trim() ? `>${escapeMrkdwn(a.comment.trim()).replace(/\n/g, '\n>')}` : '_No comment was given._';
  const blocks: Block[] = [
    header(`${what} from ${a.contact}`),
    { type: 'section', text: mrkdwn(comment) },
    {
      type: 'section',
      fields: [
        mrkdwn(`*Score*\n${escapeMrkdwn(what)}`, SLACK_LIMITS.fieldText),
        mrkdwn(`*Agent*\n${escapeMrkdwn(a.agent ?? 'Unassigned')}`, SLACK_LIMITS.fieldText),
        mrkdwn(`*Channel*\n${escapeMrkdwn(a.channel ?? '-')}`, SLACK_LIMITS.fieldText),
        mrkdwn(`*Division*\n${escapeMrkdwn(a.division ?? '-')}`, SLACK_LIMITS.fieldText),
      ],
    },
    { type: 'section', text: mrkdwn(a.conversationUrl && a.conversationId ? link(a.conversationUrl, `Open conversation ${a.conversationId} in nilai`) : `Answered ${escapeMrkdwn(a.where ?? 'outside a conversation')}.`) },
    { type: 'context', elements: [mrkdwn(`Rule: ${escapeMrkdwn(a.ruleName)} · ${escapeMrkdwn(a.answeredAt)}`, SLACK_LIMITS.fieldText)] },
  ];
  return { text: truncate(`${what} from ${a.contact}${a.comment?.trim() ? `: "${a.comment.trim()}"` : ''}`, SLACK_LIMITS.fallbackText), blocks };
}

export interface DigestScore {
  label: string;
  /** The score as shown (e.g. "82.0 %", "+35"), or null without answers. */
  value: string | null;
  n: number;
}

export interface DigestAnswer {
  surveyType: 'csat' | 'ces' | 'nps';
  score: number;
  scaleMin: number;
  scaleMax: number;
  comment: string | null;
  agent: string | null;
  channel: string | null;
  conversationId: string;
  conversationUrl: string;
}

export interface DigestInput {
  name: string;
  /** The period in words, e.g. "Mon 23 Nov – Sun 29 Nov 2026 (Asia/Jakarta)". */
  periodLabel: string;
  scores: DigestScore[];
  responseRate: string | null;
  dashboardUrl: string;
  /** The period's low scores, worst first. */
  lowScores: DigestAnswer[];
}

/** A daily or weekly digest: the scores, then the period's low scores (as many as 50 blocks hold, then a count of the rest). */
export function digestMessage(d: DigestInput): SlackMessage {
  const fields = [...d.scores.map((s) => mrkdwn(`*${escapeMrkdwn(s.label)}*\n${s.value === null ? 'no answers' : `${escapeMrkdwn(s.value)} (n = ${s.n})`}`, SLACK_LIMITS.fieldText))];
  fields.push(mrkdwn(`*Response rate*\n${d.responseRate ?? 'no surveys sent'}`, SLACK_LIMITS.fieldText));
  const head: Block[] = [
    header(`${d.name}: ${d.periodLabel}`),
    { type: 'section', fields: fields.slice(0, SLACK_LIMITS.fields) },
    { type: 'section', text: mrkdwn(link(d.dashboardUrl, 'Open the dashboard in nilai')) },
    { type: 'divider' },
  ];
  const tail: Block[] = [];
  const room = SLACK_LIMITS.blocks - head.length - 1; // one block kept for "and N more"
  const shown = d.lowScores.slice(0, room);
  const items: Block[] = shown.map((a) => ({
    type: 'section',
    text: mrkdwn(
      `*${escapeMrkdwn(scoreText(a))}* · ${escapeMrkdwn(a.agent ?? 'Unassigned')} · ${escapeMrkdwn(a.channel ?? '-')} · ${link(a.conversationUrl, a.conversationId)}\n` +
        (a.comment?.trim() ? `>${escapeMrkdwn(a.comment.trim()).replace(/\n/g, '\n>')}` : '_No comment._'),
    ),
  }));
  if (!shown.length) tail.push({ type: 'context', elements: [mrkdwn('No low scores in this period.')] });
  if (d.lowScores.length > shown.length) tail.push({ type: 'context', elements: [mrkdwn(`…and ${d.lowScores.length - shown.length} more low scores: ${link(d.dashboardUrl, 'see the responses in nilai')}`)] });
  const summary = d.scores.filter((s) => s.value !== null).map((s) => `${s.label} ${s.value}`).join(' · ') || 'no answers';
  return { text: truncate(`${d.name}: ${d.periodLabel}: ${summary}; ${d.lowScores.length} low scores`, SLACK_LIMITS.fallbackText), blocks: [...head, ...items, ...tail] };
}

/** Every limit above checked on a built message: what a test asserts and what Slack would refuse. */
export function blockKitProblems(m: SlackMessage): string[] {
  const p: string[] = [];
  const len = (s: string) => [...s].length;
  if (m.blocks.length > SLACK_LIMITS.blocks) p.push(`${m.blocks.length} blocks`);
  m.blocks.forEach((b, i) => {
    if (b.type === 'header' && len(b.text.text) > SLACK_LIMITS.headerText) p.push(`blocks[${i}] header too long`);
    if (b.type === 'section') {
      if (!b.text && !b.fields?.length) p.push(`blocks[${i}] empty section`);
      if (b.text && (len(b.text.text) > SLACK_LIMITS.sectionText || !b.text.text)) p.push(`blocks[${i}].text length`);
      if (b.fields && b.fields.length > SLACK_LIMITS.fields) p.push(`blocks[${i}] too many fields`);
      b.fields?.forEach((f, j) => len(f.text) > SLACK_LIMITS.fieldText && p.push(`blocks[${i}].fields[${j}] too long`));
    }
    if (b.type === 'context' && (b.elements.length > SLACK_LIMITS.contextElements || !b.elements.length)) p.push(`blocks[${i}] context elements`);
  });
  return p;
}
