/**
 * Text that comes from outside (feedback, department and journey names from the config, ids,
 * sentences built from them) made safe for an email: one line of plain text (shared/domain/plain-text.ts),
 * escaped for HTML. Every email renderer goes through here.
 */

import { plainText } from '../domain/plain-text';

export { plainText };

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text for an HTML element or a quoted attribute. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** plainText, then escaped: what every outside string becomes in the HTML part. */
export function safeHtml(value: string, maxChars?: number): string {
  return escapeHtml(plainText(value, maxChars));
}
