import type { NotificationEvent } from './contract';
import { escapeLines, escapeSlack, httpUrl, slackLink } from './chat-escaping';
import { CHAT_VERBATIMS, wordsOf } from './wording';

/** Slack's limits: a section's text (3,000 characters), its fields (10, of 2,000 each). */
const SECTION_TEXT_MAX = 3000;
const FIELDS_MAX = 10;

type MrkdwnText = { type: 'mrkdwn'; text: string };
export type SlackBlock =
  | { type: 'section'; text: MrkdwnText; fields?: MrkdwnText[] }
  | { type: 'section'; fields: MrkdwnText[] }
  | { type: 'context'; elements: MrkdwnText[] }
  | { type: 'divider' };

/** The JSON an incoming webhook takes: `text` (the notification's fallback) and Block Kit `blocks`. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

const mrkdwn = (text: string): MrkdwnText => ({ type: 'mrkdwn', text: text.slice(0, SECTION_TEXT_MAX) });

/**
 * An event as a Slack incoming-webhook message (Block Kit): the title and summary, the figures
 * as fields, the redacted verbatims quoted, the dashboard link as `<url|text>`. Every piece of
 * text is escaped for mrkdwn; the only markup is ours.
 */
export function slackMessage(event: NotificationEvent): SlackMessage {
  const words = wordsOf(event);
  const title = `${words.kinds[event.kind]} · ${event.title}`;
  const blocks: SlackBlock[] = [{ type: 'section', text: mrkdwn(`*${escapeSlack(title, 300)}*\n${escapeLines(event.summary, escapeSlack, '\n')}`) }];
  const figures = event.figures.slice(0, FIELDS_MAX).map((f) => mrkdwn(`*${escapeSlack(f.label, 100)}*\n${escapeSlack(f.value, 200)}`));
  if (figures.length > 0) blocks.push({ type: 'section', fields: figures });
  const verbatims = event.verbatims.slice(0, CHAT_VERBATIMS.max);
  if (verbatims.length > 0) {
    const quotes = verbatims.map((v) => `> ${escapeSlack(v.text, CHAT_VERBATIMS.maxChars)}`).join('\n');
    blocks.push({ type: 'divider' }, { type: 'section', text: mrkdwn(`*${escapeSlack(words.verbatims)}*\n${quotes}`) });
  }
  const link = httpUrl(event.link);
  if (link) blocks.push({ type: 'section', text: mrkdwn(slackLink(link, words.open)) });
  const departments = event.departments.length > 0 ? event.departments.join(', ') : words.allDepartments;
  const context = [`${words.departments}: ${departments}`, ...(event.incidentId ? [`${words.incident} ${event.incidentId}`] : [])];
  blocks.push({ type: 'context', elements: [mrkdwn(escapeSlack(context.join(' · '), 500))] });
  return { text: escapeSlack(title, 300), blocks };
}
