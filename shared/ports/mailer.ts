/**
 * The one port every outgoing email (alert, recovery, weekly digest) goes through. SES sends it on
 * AWS, the outbox writes it to disk locally; both send the same RFC 5322 bytes (adapters/mime).
 */
// Namespace import: lets esbuild tree-shake zod.
import * as z from 'zod';

/** SES accepts at most 50 recipients per message, To and Cc included. */
export const MAX_RECIPIENTS = 50;

/**
 * Control characters (CR and LF above all) and Unicode line separators, which have no place in a
 * header. Subjects and display names are partly built from what customers wrote, so they are
 * repaired (each run becomes one space) rather than rejected: an alert must not fail to go out
 * because a customer typed a line break.
 */
const HEADER_BREAKING = /[\p{Cc}\u2028\u2029]+/gu;

/**
 * Free text that ends up in a header: control characters become spaces, ends are trimmed, and a
 * lone surrogate becomes U+FFFD (what UTF-8 encoding would make of it anyway).
 */
export function sanitizeHeaderText(value: string): string {
  return value.toWellFormed().replace(HEADER_BREAKING, ' ').trim();
}

const headerText = z.string().transform(sanitizeHeaderText);

/** A bare ASCII address (SES needs 7-bit local parts; IDN domains must be punycoded by the caller). */
export const emailAddressSchema = z.email({ error: 'must be a plain email address such as officer@example.com' }).max(254);

export const mailboxSchema = z
  .union([
    emailAddressSchema,
    z.object({ name: headerText.pipe(z.string().max(200)).optional(), address: emailAddressSchema }),
  ])
  .transform((mailbox) => (typeof mailbox === 'string' ? { address: mailbox } : mailbox));

/** Headers the MIME builder writes itself; a caller setting one would corrupt or spoof the message. */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'from', 'to', 'cc', 'bcc', 'reply-to', 'sender', 'return-path', 'subject', 'date', 'message-id',
  'mime-version', 'content-type', 'content-transfer-encoding', 'content-disposition', 'content-id',
  'auto-submitted', 'dkim-signature', 'received',
]);

const headerName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/, 'header names are letters, digits and dashes, at most 64 characters')
  .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), {
    error: (issue) => `header ${String(issue.input)} is set by the mailer itself`,
  });

export const inlineAttachmentSchema = z.object({
  /** Shown by mail clients that list inline parts; ASCII so no RFC 2231 encoding is needed. */
  filename: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'filename: letters, digits, dot, dash, underscore; at most 64'),
  contentType: z.string().regex(/^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/i, 'contentType must be type/subtype, e.g. image/png'),
  content: z.instanceof(Uint8Array),
  /** Referenced from the HTML as `cid:<contentId>`, e.g. `chart@customer-voice`. */
  contentId: z.string().regex(/^[A-Za-z0-9._-]+(@[A-Za-z0-9.-]+)?$/, 'contentId: letters, digits, dot, dash, underscore, optionally @domain'),
});

export const outgoingEmailSchema = z
  .object({
    from: mailboxSchema,
    to: z.array(mailboxSchema).min(1, 'at least one recipient'),
    cc: z.array(mailboxSchema).default([]),
    replyTo: mailboxSchema.optional(),
    subject: headerText.pipe(z.string().min(1, 'subject is empty').max(2000)),
    text: z.string().refine((text) => text.trim() !== '', 'text body is empty'),
    html: z.string().refine((html) => html.trim() !== '', 'html body is empty'),
    /** Extra headers such as `X-Customer-Voice-Alert-Id`; values are sanitized like the subject. */
    headers: z.record(headerName, headerText.pipe(z.string().min(1, 'header value is empty').max(900))).default({}),
    inlineAttachments: z.array(inlineAttachmentSchema).default([]),
  })
  .refine((email) => email.to.length + email.cc.length <= MAX_RECIPIENTS, {
    error: `at most ${MAX_RECIPIENTS} recipients (to + cc)`,
    path: ['to'],
  })
  .refine((email) => new Set(email.inlineAttachments.map((a) => a.contentId)).size === email.inlineAttachments.length, {
    error: 'inline attachment contentIds must be unique',
    path: ['inlineAttachments'],
  })
  .refine((email) => new Set(Object.keys(email.headers).map((name) => name.toLowerCase())).size === Object.keys(email.headers).length, {
    error: 'a header is given twice (names are case-insensitive)',
    path: ['headers'],
  });

/** What callers build: addresses as strings or `{ name, address }`. */
export type OutgoingEmail = z.input<typeof outgoingEmailSchema>;
/** After validation: defaults applied, header text sanitized, mailboxes normalized. */
export type ValidOutgoingEmail = z.output<typeof outgoingEmailSchema>;
export type Mailbox = z.output<typeof mailboxSchema>;
export type InlineAttachment = z.output<typeof inlineAttachmentSchema>;

export interface SentEmail {
  /** SES's MessageId on AWS; the Message-ID header (without angle brackets) in the outbox. */
  messageId: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<SentEmail>;
}

/** The caller built an email that cannot be sent (bad address, empty body, reserved header…). */
export class InvalidEmailError extends Error {
  override readonly name = 'InvalidEmailError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The provider refused the email for good (rejected content, suspended account…): do not retry. */
export class EmailRejectedError extends Error {
  override readonly name = 'EmailRejectedError';
  constructor(
    message: string,
    /** The provider's error name, e.g. `MessageRejected`. */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The email could not be sent now (throttled after every retry, service error): retry later. */
export class EmailUnavailableError extends Error {
  override readonly name = 'EmailUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Validates and normalizes an email, or throws InvalidEmailError listing every problem. */
export function parseOutgoingEmail(email: OutgoingEmail): ValidOutgoingEmail {
  const parsed = outgoingEmailSchema.safeParse(email);
  if (!parsed.success) {
    throw new InvalidEmailError(`Invalid email: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  }
  return parsed.data;
}
