import { describe, expect, it } from 'vitest';
import type { NotificationEvent } from '../../shared/domain/notifications/contract';
import { escapeSlack, escapeTeams, slackLink } from '../../shared/domain/notifications/chat-escaping';
import { notificationRequest } from '../../shared/domain/notifications/request';
import { slackMessage } from '../../shared/domain/notifications/slack-payload';
import { teamsMessage } from '../../shared/domain/notifications/teams-payload';
import { webhookBody } from '../../shared/domain/notifications/webhook-payload';
import { verifyGenericSignature } from '../../shared/domain/webhook-signatures';

/** What a customer (or a department name in the config) may write to break a chat message. */
const HOSTILE = 'Tom & Jerry <!channel> <https://evil.example|click> *gras* _it_ [lien](https://evil.example) {{DATE(2026-01-01T00:00:00Z)}} \u202Eevil';

const event = (overrides: Partial<NotificationEvent> = {}): NotificationEvent => ({
  kind: 'incident',
  eventId: 'incident:billing-2026-12-02:incident:2026-12-02T10:00:00.000Z',
  occurredAt: '2026-12-02T10:05:00.000Z',
  departments: ['billing', 'delivery'],
  incidentId: 'billing-2026-12-02',
  title: `Billing: major incident ${HOSTILE}`,
  summary: 'Negative share 64% (threshold 35%, baseline 12%, 120 items)',
  figures: [{ label: 'Severity', value: HOSTILE }],
  verbatims: [{ text: HOSTILE }, { text: 'Invoice doubled, call me at [PHONE]' }],
  link: 'https://d1234.cloudfront.net/incidents/billing-2026-12-02',
  lang: 'en',
  ...overrides,
});

/** Every string anywhere in a JSON value. */
const stringsOf = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(stringsOf) : value && typeof value === 'object' ? Object.values(value).flatMap(stringsOf) : [];

describe('escapeSlack', () => {
  it('escapes exactly &, < and > (Slack control characters) and nothing else', () => {
    expect(escapeSlack('A & B <!here> "q" \'s\'')).toBe('A &amp; B &lt;!here&gt; "q" \'s\'');
  });
  it('drops invisible and bidi characters and folds lines', () => {
    expect(escapeSlack('a\u202Eb\u200Bc\nd')).toBe('abc d');
  });
  it('makes links whose URL cannot end early or inject a label', () => {
    expect(slackLink('https://x.example/a|b>c?q=1&r=2', 'Open <now> & here')).toBe('<https://x.example/a%7Cb%3Ec?q=1&amp;r=2|Open &lt;now&gt; &amp; here>');
  });
});

describe('escapeTeams', () => {
  it('backslash-escapes Markdown and the card functions’ braces', () => {
    expect(escapeTeams('[x](https://e) *b* _i_ {{DATE(1)}}')).toBe('\\[x\\]\\(https://e\\) \\*b\\* \\_i\\_ \\{\\{DATE\\(1\\)\\}\\}');
  });
});

describe('slackMessage', () => {
  it('is an incoming-webhook message: fallback text and Block Kit sections, fields, a quote, the link and a context', () => {
    // Act
    const message = slackMessage(event());
    // Assess: the documented shapes (section/mrkdwn, fields, divider, context).
    expect(message.text).toContain('Incident · Billing: major incident');
    expect(message.blocks.map((b) => b.type)).toEqual(['section', 'section', 'divider', 'section', 'section', 'context']);
    const [head, figures, , quotes, link, context] = message.blocks as any[];
    expect(head.text.type).toBe('mrkdwn');
    expect(figures.fields).toHaveLength(1);
    expect(quotes.text.text).toMatch(/^\*What customers say \(redacted\)\*\n> /);
    expect(link.text.text).toBe('<https://d1234.cloudfront.net/incidents/billing-2026-12-02|Open in the dashboard>');
    expect(context.elements[0].text).toBe('Departments: billing, delivery · Incident billing-2026-12-02');
  });

  it('lets no hostile text become a mention, a link or a reversed line', () => {
    const message = slackMessage(event());
    const texts = stringsOf(message).join('\n');
    expect(texts).not.toContain('<!channel>');
    expect(texts).not.toContain('<https://evil.example');
    expect(texts).not.toContain('\u202E');
    expect(texts).toContain('Tom &amp; Jerry &lt;!channel&gt; &lt;https://evil.example|click&gt;');
    // The only unescaped `<` are our own dashboard link.
    expect(texts.match(/</g)).toHaveLength(1);
  });

  it('writes in French for a French event, and leaves out a non-http link', () => {
    const message = slackMessage(event({ lang: 'fr', link: 'javascript:alert(1)', departments: [] }));
    expect(stringsOf(message).join('\n')).toContain('Ce que disent les clients');
    expect(stringsOf(message).join('\n')).not.toContain('javascript:');
    expect(stringsOf(message).join('\n')).toContain('Tous les départements');
  });
});

describe('summaries of several lines', () => {
  it('keep their lines in Slack and Teams, each escaped, none able to start a quote or a heading', () => {
    const summary = 'Negative share 64% (threshold 35%)\n> NPS -12 <!here>\n# heading';
    expect((slackMessage(event({ summary })).blocks[0] as any).text.text.split('\n').slice(1)).toEqual(['Negative share 64% (threshold 35%)', '&gt; NPS -12 &lt;!here&gt;', '# heading']);
    expect((teamsMessage(event({ summary })).attachments[0]!.content.body[1] as any).text).toBe('Negative share 64% \\(threshold 35%\\)\n\n\\> NPS \\-12 <\\!here\\>\n\n\\# heading');
  });
});

describe('teamsMessage', () => {
  it('is the Workflows envelope: a message with one Adaptive Card attachment (schema 1.4), an OpenUrl action', () => {
    // Act
    const message = teamsMessage(event());
    // Assess
    expect(message.type).toBe('message');
    expect(message.attachments).toHaveLength(1);
    const [attachment] = message.attachments;
    expect(attachment).toMatchObject({ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null });
    expect(attachment!.content).toMatchObject({ $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4' });
    expect(attachment!.content.body.map((e) => e.type)).toEqual(['TextBlock', 'TextBlock', 'FactSet', 'Container']);
    expect(attachment!.content.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open in the dashboard', url: 'https://d1234.cloudfront.net/incidents/billing-2026-12-02' }]);
  });

  it('lets no hostile text become a link, formatting or a card function', () => {
    const texts = stringsOf(teamsMessage(event()).attachments[0]!.content.body).join('\n');
    expect(texts).not.toMatch(/(?<!\\)\[lien(?<!\\)\]/);
    expect(texts).not.toContain('{{');
    expect(texts).toContain('\\[lien\\]\\(https://evil\\.example\\)');
    expect(texts).toContain('\\*gras\\*');
    expect(texts).not.toContain('\u202E');
  });
});

describe('webhookBody', () => {
  it('carries the event kind, id, incident, departments, figures and the redacted verbatims as plain text', () => {
    const body = webhookBody(event());
    expect(body).toMatchObject({ type: 'customer-voice.notification', version: 1, kind: 'incident', eventId: event().eventId, incidentId: 'billing-2026-12-02', departments: ['billing', 'delivery'], lang: 'en' });
    expect(body.verbatims[1]).toEqual({ text: 'Invoice doubled, call me at [PHONE]', lang: null, occurredAt: null });
    expect(JSON.stringify(body)).not.toContain('\u202E');
  });
});

describe('notificationRequest', () => {
  const now = new Date('2026-12-02T10:05:00.000Z');

  it('signs a webhook body with the inbound scheme, over the exact bytes sent', () => {
    const secret = 'a-signing-secret-of-32-characters';
    const { body, headers } = notificationRequest({ kind: 'webhook', secret }, event(), now);
    expect(headers['x-cv-event-id']).toBe(event().eventId);
    expect(headers['x-cv-timestamp']).toBe(String(now.getTime() / 1000));
    expect(headers['x-cv-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyGenericSignature(Buffer.from(body), { timestamp: headers['x-cv-timestamp'], signature: headers['x-cv-signature'] }, secret, now)).toEqual({ ok: true });
    // One byte changed: the signature no longer holds.
    expect(verifyGenericSignature(Buffer.from(body.replace('billing', 'bIlling')), { timestamp: headers['x-cv-timestamp'], signature: headers['x-cv-signature'] }, secret, now).ok).toBe(false);
  });

  it('sends the event id to Slack and Teams too, with their own bodies and no signature', () => {
    for (const kind of ['slack', 'teams'] as const) {
      const { body, headers } = notificationRequest({ kind }, event(), now);
      expect(headers['x-cv-event-id']).toBe(event().eventId);
      expect(headers['x-cv-signature']).toBeUndefined();
      expect(JSON.parse(body)).toHaveProperty(kind === 'slack' ? 'blocks' : 'attachments');
    }
  });
});

describe('the README’s receiver snippet', () => {
  it('verifies our signed deliveries, refuses a forged or stale one, and spots a duplicate', async () => {
    // Prepare: the snippet exactly as documented, as a module.
    const { readFile, writeFile, mkdtemp, rm } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const readme = await readFile(join(import.meta.dirname, '../../README.md'), 'utf8');
    const snippet = /```js\n(import \{ createHmac[\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toBeDefined();
    const dir = await mkdtemp(join(tmpdir(), 'cv-readme-'));
    const file = join(dir, 'verify.mjs');
    await writeFile(file, snippet!);
    try {
      const { verify } = (await import(file)) as { verify: (body: Buffer, headers: Record<string, string>, secret: string, seen: Set<string>) => string };
      const secret = 'the-receivers-shared-secret';
      const { body, headers } = notificationRequest({ kind: 'webhook', secret }, event(), new Date());
      const seen = new Set<string>();
      // Act / Assess
      expect(verify(Buffer.from(body), headers, secret, seen)).toBe('ok');
      expect(verify(Buffer.from(body), headers, secret, seen)).toBe('duplicate');
      expect(verify(Buffer.from(body.replace('major', 'minor')), headers, secret, new Set())).toBe('forged');
      const old = notificationRequest({ kind: 'webhook', secret }, event(), new Date(Date.now() - 3_600_000));
      expect(verify(Buffer.from(old.body), old.headers, secret, new Set())).toBe('stale');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
