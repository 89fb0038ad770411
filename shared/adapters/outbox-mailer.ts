/**
 * The local stand-in for SES: each email is written to the outbox directory as an RFC 5322 `.eml`
 * file, the same bytes SesMailer would hand to SES (adapters/mime), ready to open in a mail client.
 *
 * Files appear atomically (written to a dot-prefixed temporary name, flushed, then renamed), so a
 * reader polling the directory for `*.eml` never sees half a message. Names sort by send time and
 * use only `[0-9A-Za-z.-]`, which every file system accepts.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, OutgoingEmail, SentEmail } from '../ports/mailer';
import { buildMimeMessage } from './mime';

export interface OutboxMailerOptions {
  /** Injectable for tests. */
  now?: () => Date;
  newId?: () => string;
}

const MAX_SLUG_LENGTH = 60;

/** `Réclamations : "hausse" à ../../etc` → `reclamations-hausse-a-etc`; never empty. */
export function slugOf(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'email' : slug;
}

/** ISO 8601 basic format, `20260505T080000.123Z`: no colons, which Windows forbids in names. */
export function compactIsoTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '');
}

/** `<timestamp>-<subject slug>-<8 characters of the Message-ID>.eml` */
export function outboxFileName(date: Date, subject: string, messageId: string): string {
  const shortId = messageId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8).toLowerCase() || 'message';
  return `${compactIsoTimestamp(date)}-${slugOf(subject)}-${shortId}.eml`;
}

export class OutboxMailer implements Mailer {
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(
    readonly dir: string,
    options: OutboxMailerOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
  }

  /** Writes the `.eml` file; returns the Message-ID header value without its angle brackets. */
  async send(input: OutgoingEmail): Promise<SentEmail> {
    const message = buildMimeMessage(input, { date: this.now(), id: this.newId() });
    const name = outboxFileName(message.date, message.email.subject, message.messageId);
    await mkdir(this.dir, { recursive: true });
    const target = join(this.dir, name);
    const temporary = join(this.dir, `.${name}.${randomUUID()}.tmp`);
    try {
      // 'wx': never write through a file (or symlink) that is already there.
      const file = await open(temporary, 'wx');
      try {
        await file.writeFile(message.raw);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return { messageId: message.messageId };
  }
}
