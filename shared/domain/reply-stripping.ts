/**
 * Keeps only what the sender of an email wrote: removes quoted history (attribution lines
 * such as "On … wrote:" / "Le … a écrit :", `>` lines, Outlook "From/De … Sent/Envoyé …"
 * header blocks, "-----Original Message-----", forwarded-message headers) and signatures
 * ("-- " delimiter, "Sent from my iPhone" and its kin, a sign-off followed by a name at
 * the very end). The rules are conservative: when in doubt, text is kept.
 */

export interface StrippedReply {
  text: string;
  /** Quoted history or a forwarded message was removed. */
  quoteRemoved: boolean;
  /** A signature, mobile footer or sign-off was removed. */
  signatureRemoved: boolean;
  /** The body carried a forwarded message (its own header block was cut). */
  forwarded: boolean;
}

/** Longest line the line-shape rules look at; longer lines are prose, never a header or a marker. */
const MAX_MARKER_LINE = 400;

const FORWARD_SEPARATOR =
  /^\s*-{2,}\s*(?:forwarded message|message transf[ée]r[ée]|weitergeleitete nachricht|mensaje reenviado|messaggio inoltrato)\s*-{2,}\s*$/i;
const ORIGINAL_SEPARATOR =
  /^\s*-{2,}\s*(?:original message|message d['’]origine|courrier d['’]origine|message original|ursprüngliche nachricht|mensaje original|messaggio originale|reply message|réponse)\s*-{2,}\s*$/i;
const FORWARD_INTRO = /^\s*(?:begin forwarded message|début du message (?:réexpédié|transféré)|anfang der weitergeleiteten nachricht)\s*:\s*$/i;
const UNDERSCORE_RULE = /^\s*_{8,}\s*$/;

const ATTRIBUTION = [
  /^\s*On\s.{1,300}\s?wrote\s?:\s*$/i,
  /^\s*Le\s.{1,300}\sa\s+écrit\s?:\s*$/i,
  /^\s*Am\s.{1,300}\sschrieb.{0,60}:\s*$/i,
  /^\s*El\s.{1,300}\sescribió\s?:\s*$/i,
  /^\s*Il\s.{1,300}\sha\s+scritto\s?:\s*$/i,
];
const ATTRIBUTION_START = /^\s*(?:On|Le|Am|El|Il)\s/i;

// Outlook and Apple Mail header blocks of a quoted or forwarded message, EN / FR / DE.
const HDR_FROM = /^\s*\*?(?:From|De|Von|Da)\s?:\*?\s+\S/i;
const HDR_SENT = /^\s*\*?(?:Sent|Envoyé|Date|Gesendet|Enviado|Inviato)\s?:\*?\s+\S/i;
const HDR_SUBJECT = /^\s*\*?(?:Subject|Objet|Betreff|Asunto|Oggetto)\s?:\*?/i;

const MOBILE_FOOTER = new RegExp(
  '^\\s*(?:' +
    [
      'sent from my (?:iphone|ipad|ipod|android(?: device| phone)?|samsung.{0,40}|galaxy.{0,40}|huawei.{0,40}|blackberry.{0,40}|mobile(?: device)?|smartphone|phone|htc.{0,40}|sony.{0,40}|xiaomi.{0,40}|google pixel.{0,20})',
      'envoyé (?:de|depuis|à partir de) (?:mon|ma) (?:iphone|ipad|ipod|mobile|smartphone.{0,40}|téléphone.{0,40}|appareil.{0,40}|tablette.{0,40}|samsung.{0,40}|galaxy.{0,40}|android.{0,20})',
      '(?:sent|envoyé) (?:from|de|depuis|à partir de|avec|with) (?:outlook|yahoo mail|mail for windows|courrier pour windows|mail pour windows|gmail mobile|proton ?mail|aol|orange|sfr mail|la poste).{0,60}',
      'sent with proton ?mail.{0,40}',
      '(?:get|télécharger|obtenir|téléchargez) outlook (?:for|pour) (?:ios|android)',
      'envoyé avec (?:proton ?mail|l[\'’]application mail orange).{0,40}',
      'provenance : (?:courrier|mail) pour windows.{0,20}',
    ].join('|') +
    ')\\s*[.!]?\\s*$',
  'i',
);

const SIGN_OFF = new RegExp(
  '^\\s*(?:' +
    [
      // English
      '(?:best|kind|warm|warmest|many thanks and|with kind|with best)? ?regards',
      'best(?: wishes)?',
      'all the best',
      'cheers',
      'thanks?(?: again| in advance| a lot| so much| you| you again| you in advance| you very much)?',
      'many thanks',
      'sincerely(?: yours)?',
      'yours (?:sincerely|truly|faithfully)',
      'respectfully',
      'take care',
      // French
      '(?:bien |très |très bien |trés )?cordialement',
      'cdlt',
      'bien à (?:vous|toi)',
      'b(?:à|a)v',
      '(?:sincères |meilleures |bien sincères |mes |nos )?salutations(?: distinguées| cordiales| respectueuses)?',
      'bonne (?:journée|soirée|fin de journée|semaine|continuation)',
      'merci(?: d[\'’]avance| par avance| beaucoup| encore| bien| pour tout)?',
      'amicalement',
      'à bientôt',
      'respectueusement',
    ].join('|') +
    ')\\s*[,.!]*\\s*$',
  'i',
);

/** Lines after a sign-off that still look like a name block (name, title, company, phone). */
const MAX_NAME_LINES = 4;
const MAX_NAME_LINE_CHARS = 60;

function normalise(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[\u200b\ufeff]/g, '')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''));
}

const isQuoted = (line: string): boolean => /^\s*>/.test(line);
const isBlank = (line: string | undefined): boolean => line === undefined || line.trim() === '';

/** Number of lines (1–3) an attribution starting at `i` spans, or 0. Gmail wraps long ones. */
function attributionAt(lines: readonly string[], i: number): number {
  const first = lines[i] ?? '';
  if (first.length > MAX_MARKER_LINE || !ATTRIBUTION_START.test(first)) return 0;
  let joined = first;
  for (let span = 1; span <= 3; span++) {
    if (span > 1) {
      const next = lines[i + span - 1];
      if (next === undefined || isBlank(next) || joined.length > MAX_MARKER_LINE) return 0;
      joined = `${joined} ${next.trim()}`;
    }
    if (ATTRIBUTION.some((re) => re.test(joined))) return span;
  }
  return 0;
}

/** Whether an Outlook/Apple style header block (From + Sent/Date + To/Subject) starts at `i`. */
function headerBlockAt(lines: readonly string[], i: number): boolean {
  const first = lines[i] ?? '';
  if (first.length > MAX_MARKER_LINE || !HDR_FROM.test(first)) return false;
  let sent = false;
  let subject = false;
  for (let j = i + 1; j < Math.min(lines.length, i + 8); j++) {
    const line = lines[j] ?? '';
    if (isBlank(line)) {
      if (sent || subject) break;
      continue;
    }
    if (HDR_SENT.test(line)) sent = true;
    else if (HDR_SUBJECT.test(line)) subject = true;
  }
  // "From: Paris / To: Lyon" in a complaint about a train is not a header block: ask for
  // the date and the subject too, as every client writes them.
  return sent && subject;
}

function trimBlankEdges(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && isBlank(lines[start])) start++;
  while (end > start && isBlank(lines[end - 1])) end--;
  return lines.slice(start, end);
}

function collapseBlankRuns(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (isBlank(line) && isBlank(out[out.length - 1])) continue;
    out.push(isBlank(line) ? '' : line);
  }
  return out;
}

/** Removes quoted history; returns the kept lines. */
function stripQuotes(lines: readonly string[]): { kept: string[]; quoteRemoved: boolean; forwarded: boolean } {
  let cut = lines.length;
  let forwarded = false;
  const drop = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.length > MAX_MARKER_LINE) continue;
    if (FORWARD_SEPARATOR.test(line) || FORWARD_INTRO.test(line)) {
      cut = i;
      forwarded = true;
      break;
    }
    if (ORIGINAL_SEPARATOR.test(line)) {
      cut = i;
      break;
    }
    if (headerBlockAt(lines, i)) {
      // Outlook puts a rule of underscores just above the block.
      let start = i;
      let k = i - 1;
      while (k >= 0 && isBlank(lines[k])) k--;
      if (k >= 0 && UNDERSCORE_RULE.test(lines[k] ?? '')) start = k;
      cut = start;
      break;
    }
    const span = attributionAt(lines, i);
    if (span > 0) {
      let next = i + span;
      while (next < lines.length && isBlank(lines[next])) next++;
      if (next < lines.length && isQuoted(lines[next] ?? '')) {
        // Interleaved or bottom-posted reply: drop the attribution, keep what follows the quote.
        for (let k = i; k < i + span; k++) drop.add(k);
        i += span - 1;
        continue;
      }
      cut = i;
      break;
    }
  }
  let quoteRemoved = cut < lines.length || drop.size > 0;
  const kept: string[] = [];
  for (let i = 0; i < cut; i++) {
    const line = lines[i] ?? '';
    if (drop.has(i)) continue;
    if (isQuoted(line)) {
      quoteRemoved = true;
      continue;
    }
    kept.push(line);
  }
  return { kept, quoteRemoved, forwarded };
}

function hasContent(lines: readonly string[], end: number): boolean {
  for (let i = 0; i < end; i++) if (!isBlank(lines[i])) return true;
  return false;
}

export interface StripReplyOptions {
  /**
   * The author's display name (From). A final short block that starts with it — "Oliver",
   * "Oliver Grant" — is a signature even without a sign-off line.
   */
  authorName?: string;
}

/** Lines that, alone on a line, are the author signing: the full display name or the given name. */
function authorLineMatcher(authorName: string | undefined): (line: string) => boolean {
  const clean = (s: string): string => s.normalize('NFC').toLowerCase().replace(/["'’,.]/g, ' ').replace(/\s+/g, ' ').trim();
  const full = clean(authorName ?? '');
  // "Grant, Oliver" and "Oliver Grant" both give the given name; a one-letter token is no name.
  const tokens = full.split(' ').filter((t) => t.length > 1);
  if (tokens.length === 0) return () => false;
  const given = (authorName ?? '').includes(',') ? tokens[tokens.length - 1] : tokens[0];
  const names = new Set([full, tokens.join(' '), given, [...tokens].reverse().join(' ')]);
  return (line) => {
    const c = clean(line.replace(/^[-–—~\s]+/, ''));
    return c.length > 0 && names.has(c);
  };
}

/** Removes signatures; never removes everything. */
function stripSignature(input: string[], options: StripReplyOptions): { kept: string[]; signatureRemoved: boolean } {
  let lines = trimBlankEdges(input);
  let removed = false;

  // 1. The "-- " delimiter (many clients drop the trailing space): everything below is signature.
  const delimiter = lines.findIndex((l, i) => /^-- ?$/.test(l) && hasContent(lines, i));
  if (delimiter >= 0) {
    lines = trimBlankEdges(lines.slice(0, delimiter));
    removed = true;
  }

  // 2. Mobile and webmail footers at the end (never written by the author, so even when alone).
  for (;;) {
    const last = lines[lines.length - 1];
    if (last === undefined || last.length > MAX_MARKER_LINE || !MOBILE_FOOTER.test(last)) break;
    lines = trimBlankEdges(lines.slice(0, -1));
    removed = true;
  }

  // 3. A sign-off line, or the author's own name, followed by at most a short name block, at the very end.
  const isAuthor = authorLineMatcher(options.authorName);
  const tailStart = Math.max(0, lines.length - 1 - MAX_NAME_LINES - 2);
  // Top-down, so "Cordialement, / Thomas Bernard / Tél …" is cut at the sign-off, not at the name.
  for (let k = tailStart; k < lines.length; k++) {
    const line = lines[k] ?? '';
    if (line.length > MAX_MARKER_LINE || !(SIGN_OFF.test(line) || isAuthor(line))) continue;
    const after = lines.slice(k + 1).filter((l) => !isBlank(l));
    const nameBlock =
      after.length <= MAX_NAME_LINES &&
      after.every((l) => l.trim().length <= MAX_NAME_LINE_CHARS && !/[.!?:;]\s*$/.test(l) && l.trim().split(/\s+/).filter((w) => /\p{L}/u.test(w)).length <= 6);
    if (nameBlock && hasContent(lines, k)) {
      lines = trimBlankEdges(lines.slice(0, k));
      removed = true;
      break;
    }
  }
  return { kept: lines, signatureRemoved: removed };
}

/** Keeps only what the author of the message wrote. */
export function stripReply(text: string, options: StripReplyOptions = {}): StrippedReply {
  const { kept, quoteRemoved, forwarded } = stripQuotes(normalise(text));
  const { kept: body, signatureRemoved } = stripSignature(kept, options);
  return { text: collapseBlankRuns(trimBlankEdges(body)).join('\n'), quoteRemoved, signatureRemoved, forwarded };
}
