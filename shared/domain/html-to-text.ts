/**
 * A small, linear-time HTML → plain text converter for email bodies.
 *
 * It does not build a DOM: it walks the tags once, drops what is never shown to a reader
 * (`<head>`, `<script>`, `<style>`, `<template>`, comments, elements hidden with
 * `display:none` such as newsletter preheaders), turns block elements into line breaks,
 * list items into "- " lines, table cells into spaced columns, `<blockquote>` into "> "
 * prefixed lines (so reply stripping treats an HTML quote like a plain-text one), and
 * decodes character references. Whitespace is collapsed as a browser would, except in `<pre>`.
 */

export interface HtmlToTextOptions {
  /**
   * Drop the containers mail clients use for quoted history and signatures
   * (Gmail `gmail_quote` / `gmail_signature`, Thunderbird `moz-cite-prefix` / `moz-signature`,
   * Apple Mail `<blockquote type="cite">`). Default false.
   */
  dropQuotesAndSignatures?: boolean;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements whose content is never text a reader sees. */
const INVISIBLE = new Set(['head', 'title', 'script', 'style', 'template', 'noscript', 'svg', 'math', 'object', 'iframe', 'select', 'button']);
/** Elements whose content the tokenizer must not parse as markup. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp']);
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li', 'main',
  'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul', 'caption',
]);
/** Blocks after which a blank line reads naturally (paragraph-like). */
const PARAGRAPH = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'ul', 'ol', 'dl', 'pre', 'blockquote', 'hr']);

// Private-use markers that cannot survive from the input (they are stripped first).
const NL = '\uE000'; // hard line break
const PARA = '\uE001'; // paragraph break
const Q_OPEN = '\uE002';
const Q_CLOSE = '\uE003';
const BR = '\uE004'; // <br> or a newline in <pre>: ends the line, or makes an empty one
const PRE_SPACE = '\uE005'; // a space inside <pre>, which line trimming must keep

// The HTML named character references an email realistically carries: every Latin-1 name,
// typographic punctuation, and the symbols French and English text uses.
const LATIN1_NAMES = [
  'nbsp', 'iexcl', 'cent', 'pound', 'curren', 'yen', 'brvbar', 'sect', 'uml', 'copy', 'ordf', 'laquo', 'not', 'shy', 'reg', 'macr',
  'deg', 'plusmn', 'sup2', 'sup3', 'acute', 'micro', 'para', 'middot', 'cedil', 'sup1', 'ordm', 'raquo', 'frac14', 'frac12', 'frac34', 'iquest',
  'Agrave', 'Aacute', 'Acirc', 'Atilde', 'Auml', 'Aring', 'AElig', 'Ccedil', 'Egrave', 'Eacute', 'Ecirc', 'Euml', 'Igrave', 'Iacute', 'Icirc', 'Iuml',
  'ETH', 'Ntilde', 'Ograve', 'Oacute', 'Ocirc', 'Otilde', 'Ouml', 'times', 'Oslash', 'Ugrave', 'Uacute', 'Ucirc', 'Uuml', 'Yacute', 'THORN', 'szlig',
  'agrave', 'aacute', 'acirc', 'atilde', 'auml', 'aring', 'aelig', 'ccedil', 'egrave', 'eacute', 'ecirc', 'euml', 'igrave', 'iacute', 'icirc', 'iuml',
  'eth', 'ntilde', 'ograve', 'oacute', 'ocirc', 'otilde', 'ouml', 'divide', 'oslash', 'ugrave', 'uacute', 'ucirc', 'uuml', 'yacute', 'thorn', 'yuml',
];
const ENTITIES = new Map<string, string>([
  ['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"],
  ['OElig', 'Œ'], ['oelig', 'œ'], ['Scaron', 'Š'], ['scaron', 'š'], ['Yuml', 'Ÿ'], ['fnof', 'ƒ'], ['circ', 'ˆ'], ['tilde', '˜'],
  ['ensp', ' '], ['emsp', ' '], ['thinsp', ' '], ['zwnj', ''], ['zwj', ''], ['lrm', ''], ['rlm', ''],
  ['ndash', '–'], ['mdash', '—'], ['lsquo', '‘'], ['rsquo', '’'], ['sbquo', '‚'], ['ldquo', '“'], ['rdquo', '”'], ['bdquo', '„'],
  ['dagger', '†'], ['Dagger', '‡'], ['bull', '•'], ['hellip', '…'], ['permil', '‰'], ['prime', '′'], ['Prime', '″'],
  ['lsaquo', '‹'], ['rsaquo', '›'], ['euro', '€'], ['trade', '™'], ['larr', '←'], ['rarr', '→'], ['uarr', '↑'], ['darr', '↓'],
  ['hearts', '♥'], ['check', '✓'], ['star', '☆'], ['NewLine', '\n'], ['Tab', '\t'], ['colon', ':'], ['comma', ','], ['period', '.'],
  ['excl', '!'], ['quest', '?'], ['num', '#'], ['percnt', '%'], ['lpar', '('], ['rpar', ')'], ['ast', '*'], ['sol', '/'], ['bsol', '\\'],
]);
LATIN1_NAMES.forEach((name, i) => ENTITIES.set(name, String.fromCharCode(0xa0 + i)));

/** Windows-1252 meanings of 0x80–0x9F, which HTML numeric references also follow. */
const CP1252_C1: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š', 0x8b: '‹',
  0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™',
  0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};

function fromCodePoint(cp: number): string {
  if (cp >= 0x80 && cp <= 0x9f) return CP1252_C1[cp] ?? '';
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\uFFFD';
  return String.fromCodePoint(cp);
}

/** Decodes HTML character references (`&eacute;`, `&#233;`, `&#xE9;`); unknown ones stay as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));?/g, (m: string, dec?: string, hex?: string, name?: string): string => {
    if (dec !== undefined) return fromCodePoint(Number.parseInt(dec, 10));
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
    return (name !== undefined ? ENTITIES.get(name) : undefined) ?? m;
  });
}

const MAX_DEPTH = 512;

interface OpenElement {
  name: string;
  hidden: boolean;
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attrs);
  return m ? (m[1] ?? m[2] ?? m[3] ?? '') : undefined;
}

function isHidden(name: string, attrs: string, opts: HtmlToTextOptions): boolean {
  if (INVISIBLE.has(name)) return true;
  if (!attrs) return false;
  const style = attr(attrs, 'style');
  if (style && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all)/i.test(style)) return true;
  if (/(?:^|\s)hidden(?:\s|=|$)/i.test(attrs) && attr(attrs, 'hidden') !== undefined) return true;
  if (opts.dropQuotesAndSignatures) {
    const cls = attr(attrs, 'class') ?? '';
    if (/(?:^|\s)(?:gmail_quote|gmail_signature|gmail_extra|moz-cite-prefix|moz-signature|yahoo_quoted|protonmail_quote)(?:\s|$)/.test(cls)) return true;
    if (attr(attrs, 'data-smartmail') === 'gmail_signature') return true;
    if (name === 'blockquote' && (attr(attrs, 'type') ?? '').toLowerCase() === 'cite') return true;
  }
  return false;
}

/** Converts an HTML document or fragment to readable plain text. Never throws on malformed markup. */
export function htmlToText(html: string, options: HtmlToTextOptions = {}): string {
  const src = html.replace(/[\uE000-\uE005]/g, '');
  const out: string[] = [];
  const stack: OpenElement[] = [];
  let hiddenDepth = 0; // number of hidden elements on the stack
  let preDepth = 0;
  let pos = 0;

  const emitText = (raw: string): void => {
    if (hiddenDepth > 0 || raw === '') return;
    const text = decodeEntities(raw);
    out.push(preDepth > 0 ? text.replace(/\r?\n/g, BR).replace(/[ \t]/g, (c) => (c === ' ' ? PRE_SPACE : c)) : text.replace(/[ \t\r\n\f]+/g, ' '));
  };
  const open = (name: string, attrs: string, selfClosing: boolean): void => {
    if (name === 'br') {
      if (hiddenDepth === 0) out.push(BR);
      return;
    }
    const hidden = isHidden(name, attrs, options);
    if (hiddenDepth === 0) {
      if (name === 'hr') out.push(PARA, '—'.repeat(3), PARA);
      else if (name === 'li') out.push(NL, '- ');
      else if (name === 'td' || name === 'th') out.push(' ');
      else if (name === 'blockquote' && !hidden) out.push(PARA, Q_OPEN);
      else if (PARAGRAPH.has(name)) out.push(PARA);
      else if (BLOCK.has(name)) out.push(NL);
    }
    // A stack deeper than any real email keeps a pathological input linear.
    if (VOID.has(name) || selfClosing || stack.length >= MAX_DEPTH) return;
    stack.push({ name, hidden });
    if (hidden) hiddenDepth++;
    if (name === 'pre') preDepth++;
  };
  const close = (name: string): void => {
    // Tolerant: close up to the nearest open element of that name; a stray end tag is ignored.
    let i = stack.length - 1;
    while (i >= 0 && stack[i]?.name !== name) i--;
    if (i < 0) return;
    while (stack.length > i) {
      const el = stack.pop() as OpenElement;
      if (el.hidden) hiddenDepth--;
      if (el.name === 'pre') preDepth--;
      if (hiddenDepth === 0 && !el.hidden) {
        if (el.name === 'blockquote') out.push(Q_CLOSE, PARA);
        else if (PARAGRAPH.has(el.name)) out.push(PARA);
        else if (BLOCK.has(el.name)) out.push(NL);
      }
    }
  };

  let textStart = 0;
  while (pos < src.length) {
    const lt = src.indexOf('<', pos);
    if (lt < 0) break;
    const tag = readTag(src, lt);
    if (!tag) {
      pos = lt + 1; // a literal "<"
      continue;
    }
    emitText(src.slice(textStart, lt));
    pos = textStart = tag.end;
    if (tag.name === undefined) continue; // comment, doctype, processing instruction
    if (tag.closing) {
      close(tag.name);
      continue;
    }
    if (RAW_TEXT.has(tag.name)) {
      // Skip to the matching end tag without interpreting what is inside.
      const endRe = new RegExp(`</${tag.name}`, 'gi');
      endRe.lastIndex = pos;
      const end = endRe.exec(src)?.index ?? -1;
      const rawEnd = end < 0 ? src.length : end;
      if (tag.name === 'textarea' || tag.name === 'xmp') emitText(src.slice(pos, rawEnd));
      const gt = end < 0 ? -1 : src.indexOf('>', end);
      pos = textStart = gt < 0 ? src.length : gt + 1;
      continue;
    }
    open(tag.name, tag.attrs, tag.selfClosing);
  }
  pos = textStart;
  emitText(src.slice(pos));
  return layout(out.join(''));
}

interface Tag {
  /** Lowercase element name; undefined for comments, doctypes and processing instructions. */
  name?: string;
  closing: boolean;
  attrs: string;
  selfClosing: boolean;
  /** Index just after the tag. */
  end: number;
}

/** Reads the tag starting at `lt` (a "<") in one forward pass; undefined when it is a literal "<". */
function readTag(src: string, lt: number): Tag | undefined {
  if (src.startsWith('<!--', lt)) {
    const end = src.indexOf('-->', lt + 4);
    return { closing: false, attrs: '', selfClosing: false, end: end < 0 ? src.length : end + 3 };
  }
  const next = src[lt + 1];
  if (next === '!' || next === '?') {
    const end = src.indexOf('>', lt + 2);
    return { closing: false, attrs: '', selfClosing: false, end: end < 0 ? src.length : end + 1 };
  }
  const closing = next === '/';
  const nameMatch = /^[A-Za-z][A-Za-z0-9:-]*/.exec(src.slice(lt + (closing ? 2 : 1), lt + (closing ? 2 : 1) + 64));
  if (!nameMatch) return undefined;
  let i = lt + (closing ? 2 : 1) + nameMatch[0].length;
  const attrsStart = i;
  while (i < src.length) {
    const c = src[i];
    if (c === '>') break;
    if (c === '"' || c === "'") {
      const q = src.indexOf(c, i + 1);
      i = q < 0 ? src.length : q + 1;
    } else i++;
  }
  const attrs = src.slice(attrsStart, Math.min(i, src.length));
  return { name: nameMatch[0].toLowerCase(), closing, attrs, selfClosing: /\/\s*$/.test(attrs), end: Math.min(i + 1, src.length) };
}

/** Turns the marker stream into lines: paragraph breaks become one blank line, quotes get "> " prefixes. */
function layout(s: string): string {
  const lines: string[] = [];
  let depth = 0;
  let current = '';
  let blankPending = false;
  let lastDepth = 0;
  const flush = (paragraph: boolean): void => {
    const text = current.replace(/[ \t]+$/g, '').replace(/^[ \t]+/, (lead) => (lead.includes('\t') ? lead : ''));
    current = '';
    if (text.trim() !== '') {
      if (blankPending && lines.length > 0) lines.push(depth > 0 && lastDepth === depth ? '>'.repeat(depth) : '');
      blankPending = false;
      lastDepth = depth;
      lines.push(depth > 0 ? `${'>'.repeat(depth)} ${text}` : text);
    }
    if (paragraph) blankPending = true;
  };
  for (const ch of s) {
    switch (ch) {
      case NL:
        if (current.trim() === '') current = '';
        else flush(false);
        break;
      case BR:
        if (current.trim() === '') {
          current = '';
          if (lines.length > 0) blankPending = true;
        } else flush(false);
        break;
      case PARA:
        flush(true);
        break;
      case Q_OPEN:
        flush(true);
        depth++;
        break;
      case Q_CLOSE:
        flush(true);
        depth = Math.max(0, depth - 1);
        break;
      default:
        current += ch;
    }
  }
  flush(false);
  return lines.join('\n').replace(/[\u00a0\uE005]/g, ' ');
}
