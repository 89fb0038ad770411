import { plainText } from '../plain-text';
import type { NotificationEvent, NotificationEventKind } from './contract';
import { httpUrl } from './chat-escaping';

/**
 * The JSON body of a signed generic webhook (documented for receivers in the README): version 1.
 * Text fields are plain text (invisible and control characters removed); the receiver escapes
 * them for wherever it shows them. Verbatims are the redacted ones, as in the emails.
 */
export interface WebhookBody {
  type: 'customer-voice.notification';
  version: 1;
  kind: NotificationEventKind;
  eventId: string;
  occurredAt: string;
  incidentId: string | null;
  departments: string[];
  lang: 'fr' | 'en';
  title: string;
  summary: string;
  figures: { label: string; value: string }[];
  verbatims: { text: string; lang: string | null; occurredAt: string | null }[];
  link: string | null;
}

export function webhookBody(event: NotificationEvent): WebhookBody {
  return {
    type: 'customer-voice.notification',
    version: 1,
    kind: event.kind,
    eventId: event.eventId,
    occurredAt: event.occurredAt,
    incidentId: event.incidentId ?? null,
    departments: [...event.departments],
    lang: event.lang,
    title: plainText(event.title),
    summary: plainText(event.summary),
    figures: event.figures.map((f) => ({ label: plainText(f.label), value: plainText(f.value) })),
    verbatims: event.verbatims.map((v) => ({ text: plainText(v.text), lang: v.lang ?? null, occurredAt: v.occurredAt ?? null })),
    link: httpUrl(event.link) ?? null,
  };
}
