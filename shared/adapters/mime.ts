/**
 * Builds the RFC 5322 / MIME bytes of an outgoing email, once, so that SES (raw send) and the local
 * outbox carry exactly the same message.
 *
 * Hand-built rather than taken from a library: the subset we need (two UTF-8 text parts, optional
 * inline images, a few headers) is small and fully specified, the output stays deterministic for a
 * given clock and id (snapshot-friendly, same bytes on both adapters), and the Lambda bundle gains
 * no dependency. Safety does not rest on escaping: every caller-supplied header value has been
 * validated or sanitized by the port's schema (no CR/LF can survive), and every non-ASCII or
 * ambiguous value is sent as RFC 2047 encoded-words.
 */
import { randomUUID } from 'node:crypto';
import { type Mailbox, type OutgoingEmail, type ValidOutgoingEmail, parseOutgoingEmail } from '../ports/mailer';

const CRLF = '\r\n';
/** RFC 5322 §2.1.1: lines SHOULD be at most 78 characters and MUST be at most 998. */
const PREFERRED_LINE = 78;
const MAX_LINE = 998;
/** RFC 2045 §6.7: quoted-printable lines are at most 76 characters, the soft-break `=` included. */
const QP_LINE = 76;
/** RFC 2047 §2: an encoded-word is at most 75 characters. */
const MAX_ENCODED_WORD = 75;
const ENCODED_WORD_OVERHEAD = '=?UTF-8?B??='.length;
/** Display names go in structured headers whose position in the line is not known in advance. */
const DISPLAY_NAME_WORD = 60;

export interface MimeMessage {
  /** The whole message, CRLF line endings, 7-bit ASCII. */
  raw: Uint8Array;
  /** The Message-ID header without its angle brackets. */
  messageId: string;
  date: Date;
  /** The validated email (defaults applied, header text sanitized) the bytes were built from. */
  email: ValidOutgoingEmail;
}

export interface BuildMimeOptions {
  /** Date header. Default: now. */
  date?: Date;
  /** Unique token for the Message-ID and the MIME boundaries. Default: a random UUID. */
  id?: string;
}

/** Validates the email (throws InvalidEmailError) and builds its RFC 5322 bytes. */
export function buildMimeMessage(input: OutgoingEmail, options: BuildMimeOptions = {}): MimeMessage {
  const email = parseOutgoingEmail(input);
  const date = options.date ?? new Date();
  const id = options.id ?? randomUUID();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new RangeError(`MIME id must be 1-64 letters, digits, _ or -, got ${JSON.stringify(id)}`);
  if (Number.isNaN(date.getTime())) throw new RangeError('MIME date is invalid');

  // The sender's domain, not a made-up one: receivers' spam scoring looks at Message-ID domains.
  const senderDomain = email.from.address.slice(email.from.address.lastIndexOf('@') + 1);
  const messageId = `${id}@${senderDomain}`;

  const headers = [
    `Date: ${rfc5322Date(date)}`,
    `Message-ID: <${messageId}>`,
    addressHeader('From', [email.from]),
    ...(email.replyTo ? [addressHeader('Reply-To', [email.replyTo])] : []),
    addressHeader('To', email.to),
    ...(email.cc.length > 0 ? [addressHeader('Cc', email.cc)] : []),
    unstructuredHeader('Subject', email.subject),
    'MIME-Version: 1.0',
    // RFC 3834: alerts and digests are machine mail; this keeps out-of-office replies away.
    'Auto-Submitted: auto-generated',
    ...Object.entries(email.headers).map(([name, value]) => unstructuredHeader(name, value)),
  ];

  // A boundary starting with "=_" can never occur in quoted-printable output (a literal "=" is
  // always "=3D" there) nor in base64, so no body line can be mistaken for a delimiter.
  const alternative = multipart(
    [`Content-Type: multipart/alternative;${CRLF} boundary="=_cv_alt_${id}"`],
    `=_cv_alt_${id}`,
    [textPart('text/plain', email.text), textPart('text/html', email.html)],
  );
  const body =
    email.inlineAttachments.length === 0
      ? alternative
      : multipart(
          [`Content-Type: multipart/related; type="multipart/alternative";${CRLF} boundary="=_cv_rel_${id}"`],
          `=_cv_rel_${id}`,
          [alternative, ...email.inlineAttachments.map(inlinePart)],
        );

  const message = `${headers.join(CRLF)}${CRLF}${body}${CRLF}`;
  // Everything above is encoded to ASCII by construction; a non-ASCII byte here is a bug.
  if (/[^\x00-\x7f]/.test(message)) throw new Error('MIME builder produced a non-ASCII message');
  return { raw: new TextEncoder().encode(message), messageId, date, email };
}

/** `Tue, 05 May 2026 08:00:00 +0000` (RFC 5322 §3.3, numeric zone rather than the obsolete GMT). */
export function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/** A body part or multipart entity: its headers, a blank line, its content (no trailing CRLF). */
function entity(headers: readonly string[], content: string): string {
  return `${headers.join(CRLF)}${CRLF}${CRLF}${content}`;
}

function multipart(headers: readonly string[], boundary: string, parts: readonly string[]): string {
  const content = parts.map((part) => `--${boundary}${CRLF}${part}${CRLF}`).join('') + `--${boundary}--`;
  return entity(headers, content);
}

function textPart(contentType: 'text/plain' | 'text/html', text: string): string {
  return entity(
    [`Content-Type: ${contentType}; charset=utf-8`, 'Content-Transfer-Encoding: quoted-printable'],
    quotedPrintable(text),
  );
}

function inlinePart(attachment: ValidOutgoingEmail['inlineAttachments'][number]): string {
  return entity(
    [
      `Content-Type: ${attachment.contentType};${CRLF} name="${attachment.filename}"`,
      'Content-Transfer-Encoding: base64',
      `Content-ID: <${attachment.contentId}>`,
      `Content-Disposition: inline;${CRLF} filename="${attachment.filename}"`,
    ],
    base64Lines(attachment.content),
  );
}

function base64Lines(content: Uint8Array): string {
  const encoded = Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('base64');
  const lines: string[] = [];
  for (let start = 0; start < encoded.length; start += QP_LINE) lines.push(encoded.slice(start, start + QP_LINE));
  return lines.join(CRLF);
}

/**
 * Quoted-printable (RFC 2045 §6.7) of the UTF-8 text. Line breaks of any style become CRLF hard
 * breaks; soft breaks never split a character, so even a line-by-line decoder gets whole ones.
 */
export function quotedPrintable(text: string): string {
  return text
    .toWellFormed()
    .split(/\r\n|\r|\n/)
    .map(encodeQuotedPrintableLine)
    .join(CRLF);
}

function encodeQuotedPrintableLine(line: string): string {
  const characters = Array.from(line);
  const lines: string[] = [];
  let current = '';
  characters.forEach((character, index) => {
    const token = quotedPrintableToken(character, index === characters.length - 1);
    if (current.length + token.length > QP_LINE - 1) {
      lines.push(`${current}=`);
      current = '';
    }
    current += token;
  });
  lines.push(current);
  return lines.join(CRLF);
}

function quotedPrintableToken(character: string, endsLine: boolean): string {
  const code = character.codePointAt(0) ?? 0;
  // Whitespace at the end of a line may be stripped in transit, so it is encoded there.
  if ((code === 0x20 || code === 0x09) && !endsLine) return character;
  if (code >= 0x21 && code <= 0x7e && code !== 0x3d) return character;
  return Array.from(Buffer.from(character, 'utf8'), (byte) => `=${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/** Printable ASCII that no decoder could mistake for an encoded-word. */
function isPlainAscii(value: string): boolean {
  return /^[\x20-\x7e]*$/.test(value) && !value.includes('=?');
}

function encodeWord(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/** UTF-8 bytes that fit in an encoded-word of at most `length` characters. */
function bytesForWordOf(length: number): number {
  return Math.max(0, Math.floor((Math.min(length, MAX_ENCODED_WORD) - ENCODED_WORD_OVERHEAD) / 4) * 3);
}

/**
 * RFC 2047 B-encoded words covering `text`, split between code points (never inside a UTF-8
 * sequence, which §5 forbids); the first may be shorter to fit after the header name.
 */
function encodedWords(text: string, firstWordLength: number, wordLength: number): string[] {
  const words: string[] = [];
  let chunk = '';
  let bytes = 0;
  let limit = bytesForWordOf(firstWordLength);
  for (const character of text) {
    const size = Buffer.byteLength(character, 'utf8');
    if (chunk !== '' && bytes + size > limit) {
      words.push(encodeWord(chunk));
      chunk = '';
      bytes = 0;
      limit = bytesForWordOf(wordLength);
    }
    chunk += character;
    bytes += size;
  }
  if (chunk !== '') words.push(encodeWord(chunk));
  return words;
}

/**
 * Folds `first` + `rest` into lines of at most 78 characters where possible. Every element of
 * `rest` starts with whitespace, so a fold is always a CRLF inserted before existing whitespace
 * and unfolding (removing the CRLFs) gives back the value exactly.
 */
function fold(first: string, rest: readonly string[]): string[] {
  const lines: string[] = [];
  let line = first;
  for (const segment of rest) {
    if (line.length + segment.length > PREFERRED_LINE) {
      lines.push(line);
      line = segment;
    } else {
      line += segment;
    }
  }
  lines.push(line);
  return lines;
}

/** An unstructured header (Subject, X-…): plain folded ASCII when possible, else encoded-words. */
function unstructuredHeader(name: string, value: string): string {
  const prefix = `${name}: `;
  if (isPlainAscii(value)) {
    // Runs of spaces stay attached to the word that follows them, so no line is only whitespace.
    const [first = '', ...rest] = value.match(/ *[^ ]+/g) ?? [];
    const lines = fold(prefix + first, rest);
    if (lines.every((line) => line.length <= MAX_LINE)) return lines.join(CRLF);
  }
  const [first = '', ...rest] = encodedWords(value, PREFERRED_LINE - prefix.length, MAX_ENCODED_WORD);
  return fold(prefix + first, rest.map((word) => ` ${word}`)).join(CRLF);
}

function mailboxTokens(mailbox: Mailbox): string[] {
  if (!mailbox.name) return [mailbox.address];
  const name = isPlainAscii(mailbox.name)
    ? [`"${mailbox.name.replace(/[\\"]/g, '\\$&')}"`]
    : encodedWords(mailbox.name, DISPLAY_NAME_WORD, DISPLAY_NAME_WORD);
  return [...name, `<${mailbox.address}>`];
}

function addressHeader(name: string, mailboxes: readonly Mailbox[]): string {
  const tokens = mailboxes.flatMap((mailbox, index) => {
    const own = mailboxTokens(mailbox);
    if (index === mailboxes.length - 1) return own;
    return [...own.slice(0, -1), `${own.at(-1) ?? ''},`];
  });
  const [first = '', ...rest] = tokens;
  return fold(`${name}: ${first}`, rest.map((token) => ` ${token}`)).join(CRLF);
}
