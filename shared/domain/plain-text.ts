/**
 * Text that comes from outside (feedback, names from the config, ids) reduced to one line of
 * plain text: what every renderer (emails, chat messages, webhook bodies) starts from before
 * escaping for its own format.
 */

/**
 * Control characters, line/paragraph separators, and invisible characters that reorder or hide
 * text (bidi embeddings, overrides and isolates, zero-width spaces and joiners, BOM): a customer's
 * U+202E must not make an alert read backwards, nor a zero-width space hide a word.
 */
const INVISIBLE = /[\p{Cc}\u00ad\u034f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+/gu;

/** One line of safe plain text: invisible and control characters out, whitespace runs to one space. */
export function plainText(value: string, maxChars = Number.POSITIVE_INFINITY): string {
  const text = value.toWellFormed().replace(INVISIBLE, (m) => (/[\p{Cc}\u2028\u2029]/u.test(m) ? ' ' : '')).replace(/\s+/g, ' ').trim();
  const chars = Array.from(text);
  return chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join('').trimEnd()}…` : text;
}
