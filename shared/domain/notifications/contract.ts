/**
 * Notifications where teams work (issue #21): the configuration format shared by the CDK context
 * (`notifications`) and the local stack (`CV_NOTIFY_CONFIG`, JSON text or a file path), and the
 * event every producer (incidents, recoveries, interface briefs, digests) hands to the
 * `Notifier` port (shared/ports/notifier.ts). Pure declarations; nothing here does I/O.
 */
// Namespace import: lets esbuild tree-shake zod.
import * as z from 'zod';

/** Event kinds; also the `X-Customer-Voice-Kind` values of the emails. */
export const NOTIFICATION_EVENTS = ['incident', 'recovery', 'brief', 'digest'] as const;
export type NotificationEventKind = (typeof NOTIFICATION_EVENTS)[number];

export const NOTIFICATION_KINDS = ['slack', 'teams', 'webhook'] as const;

/** One delivery target. On AWS `url` and `secret` live in Secrets Manager (one secret per entry), named by `name`. */
export const NotificationTargetSchema = z
  .object({
    kind: z.enum(NOTIFICATION_KINDS),
    /** A stable name (letters, digits, '-'): the secret's name on AWS, the id in logs and the DLQ. Defaults to `<kind>-<index>`. */
    name: z.string().regex(/^[A-Za-z0-9-]{1,64}$/).optional(),
    url: z.url({ protocol: /^https?$/ }),
    /** HMAC-SHA256 signing secret; `webhook` only. */
    secret: z.string().min(16).optional(),
    /** Department ids; default all (and the officer's events). */
    departments: z.array(z.string().min(1)).optional(),
    events: z.array(z.enum(NOTIFICATION_EVENTS)).optional(),
  })
  .refine((t) => t.kind === 'webhook' || t.secret === undefined, { message: 'secret is for kind "webhook" only' });
export type NotificationTarget = z.infer<typeof NotificationTargetSchema>;
export const NotificationConfigSchema = z.array(NotificationTargetSchema);

/** What a notification carries: never more personal data than the email (redacted verbatims only). */
export interface NotificationEvent {
  kind: NotificationEventKind;
  /** Stable across retries and redeliveries (`x-cv-event-id`): receivers deduplicate on it. */
  eventId: string;
  occurredAt: string;
  /** Department ids concerned (two for a brief); empty for the officer-wide digest. */
  departments: string[];
  incidentId?: string;
  /** One line, in the deployment's default language. */
  title: string;
  /** A few lines of plain text (no markup: each target escapes for its own format). */
  summary: string;
  figures: { label: string; value: string }[];
  /** Redacted verbatims only. */
  verbatims: { text: string; lang?: string; occurredAt?: string }[];
  /** The dashboard page that shows it, when a dashboard URL is configured. */
  link?: string;
  lang: 'fr' | 'en';
}
