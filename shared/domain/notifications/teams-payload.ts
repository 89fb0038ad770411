import type { NotificationEvent } from './contract';
import { escapeLines, escapeTeams, httpUrl } from './chat-escaping';
import { CHAT_VERBATIMS, wordsOf } from './wording';

type TextBlock = { type: 'TextBlock'; text: string; wrap: true; weight?: 'Bolder'; size?: 'Medium' | 'Small'; isSubtle?: boolean; spacing?: 'Medium' };
type CardElement = TextBlock | { type: 'FactSet'; facts: { title: string; value: string }[] } | { type: 'Container'; separator: true; items: TextBlock[] };

/** An Adaptive Card (schema 1.4: what Teams renders from a Workflows webhook). */
export interface AdaptiveCard {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  type: 'AdaptiveCard';
  version: '1.4';
  body: CardElement[];
  actions?: { type: 'Action.OpenUrl'; title: string; url: string }[];
}

/**
 * The body a Teams Workflows webhook ("Post to a channel when a webhook request is received")
 * takes: a message whose `attachments` hold Adaptive Cards. Office 365 connectors, which took
 * MessageCards, are retired.
 */
export interface TeamsMessage {
  type: 'message';
  attachments: { contentType: 'application/vnd.microsoft.card.adaptive'; contentUrl: null; content: AdaptiveCard }[];
}

const text = (value: string, extra: Omit<TextBlock, 'type' | 'text' | 'wrap'> = {}): TextBlock => ({ type: 'TextBlock', text: value, wrap: true, ...extra });

/** An event as a Teams Workflows message: one Adaptive Card, every text escaped for the card's Markdown. */
export function teamsMessage(event: NotificationEvent): TeamsMessage {
  const words = wordsOf(event);
  const body: CardElement[] = [
    text(escapeTeams(`${words.kinds[event.kind]} · ${event.title}`, 300), { weight: 'Bolder', size: 'Medium' }),
    // A blank line is a paragraph break in the card's Markdown.
    text(escapeLines(event.summary, escapeTeams, '\n\n')),
  ];
  const departments = event.departments.length > 0 ? event.departments.join(', ') : words.allDepartments;
  const facts = [
    { title: escapeTeams(words.departments), value: escapeTeams(departments, 300) },
    ...(event.incidentId ? [{ title: escapeTeams(words.incident), value: escapeTeams(event.incidentId, 200) }] : []),
    ...event.figures.slice(0, 12).map((f) => ({ title: escapeTeams(f.label, 100), value: escapeTeams(f.value, 200) })),
  ];
  body.push({ type: 'FactSet', facts });
  const verbatims = event.verbatims.slice(0, CHAT_VERBATIMS.max);
  if (verbatims.length > 0) {
    body.push({
      type: 'Container',
      separator: true,
      items: [text(escapeTeams(words.verbatims), { weight: 'Bolder' }), ...verbatims.map((v) => text(`“${escapeTeams(v.text, CHAT_VERBATIMS.maxChars)}”`, { isSubtle: true }))],
    });
  }
  const link = httpUrl(event.link);
  const card: AdaptiveCard = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
    ...(link ? { actions: [{ type: 'Action.OpenUrl' as const, title: words.open, url: link }] } : {}),
  };
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
}
