/**
 * Each chat format has its own control characters. Text from outside (verbatims, names, ids)
 * is first reduced to plain text (shared/domain/plain-text.ts), then escaped for where it goes.
 */
import { plainText } from '../plain-text';

/**
 * Slack mrkdwn: `&`, `<` and `>` are control characters (links, mentions such as `<!channel>`)
 * and must be sent as `&amp;`, `&lt;`, `&gt;`; nothing else is entity-encoded, or it would show
 * as typed (Slack's "Formatting text for app surfaces", escaping).
 */
export function escapeSlack(value: string, maxChars?: number): string {
  return plainText(value, maxChars).replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/**
 * A Slack link, `<url|text>`: the URL may hold neither `|` nor `>` (they end it), so those are
 * percent-encoded, and `&`/`<`/`>` are escaped like any text. Only http(s) links are made.
 */
export function slackLink(url: string, text: string): string {
  const safeUrl = url.replace(/[|<>\s]/g, (c) => encodeURIComponent(c)).replace(/&/g, '&amp;');
  return `<${safeUrl}|${escapeSlack(text, 200)}>`;
}

/**
 * Adaptive Card TextBlock and FactSet text is Markdown (bold, italic, lists, links) with the
 * card's `{{DATE()}}`/`{{TIME()}}` functions: each Markdown character (and each brace) is
 * backslash-escaped, so a customer's `[click](https://evil)` shows as typed and `{{` is never evaluated.
 */
export function escapeTeams(value: string, maxChars?: number): string {
  return plainText(value, maxChars)
    .replace(/[\\`*_{}[\]()#+\-.!|~>]/g, (c) => `\\${c}`);
}

/** An http(s) URL, or nothing: a `javascript:` or `data:` link never reaches a chat. */
export function httpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A few lines of text, each escaped on its own (`escape` folds line breaks), at most `maxLines`, rejoined with `separator`. */
export function escapeLines(value: string, escape: (line: string, maxChars?: number) => string, separator: string, maxLines = 8, maxChars = 500): string {
  return value
    .split(/\r?\n/)
    .map((line) => escape(line, maxChars))
    .filter((line) => line.length > 0)
    .slice(0, maxLines)
    .join(separator);
}
