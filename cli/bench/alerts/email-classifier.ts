import PostalMime from 'postal-mime';

/** What an outgoing email is, as issue #15 names the kinds (`other` for anything unrecognised). */
export type EmailKind = 'incident' | 'incident-update' | 'recovery' | 'daily-summary' | 'digest' | 'other';
const KINDS: readonly EmailKind[] = ['incident', 'incident-update', 'recovery', 'daily-summary', 'digest'];

export interface ClassifiedEmail {
  kind: EmailKind;
  /**
   * The incident (new headers: `X-Customer-Voice-Incident`) or the alert opening (before #15:
   * `X-Customer-Voice-Alert-Id`, `<rule key>#<occurrence>`) the email is about: a recovery and
   * the email that opened it share it.
   */
  thread?: string;
  /** Which header style said so: `kind` (#15's X-Customer-Voice-Kind), `alert` (before #15), or `subject` (guessed). */
  style: 'kind' | 'alert' | 'subject';
  /** The local day (YYYY-MM-DD) of the window the email names, when it names one. */
  window?: string;
  recipients: string[];
  subject: string;
  /** The customers' words it quotes (the text part's `> ` lines, without their date). */
  quotes: string[];
}

const header = (headers: { key: string; value: string }[], name: string) => headers.find((h) => h.key === name.toLowerCase())?.value.trim();
const DATE = /\b(\d{4}-\d{2}-\d{2})\b/;
/** The window an alert email's subject ends with before #15: `— day 2026-11-24`, `— week of …`, `— hour …`. */
const SUBJECT_WINDOW = /(?:day|jour|week of|semaine du|hour|heure)\s+(\d{4}-\d{2}-\d{2})/i;

function kindOf(headers: { key: string; value: string }[], subject: string): { kind: EmailKind; style: ClassifiedEmail['style'] } {
  const declared = header(headers, 'X-Customer-Voice-Kind')?.toLowerCase();
  if (declared) return { kind: KINDS.includes(declared as EmailKind) ? (declared as EmailKind) : 'other', style: 'kind' };
  const action = header(headers, 'X-Customer-Voice-Alert-Action')?.toLowerCase();
  if (action === 'open') return { kind: 'incident', style: 'alert' };
  if (action === 'recover') return { kind: 'recovery', style: 'alert' };
  if (/weekly digest|synthèse hebdomadaire/i.test(subject)) return { kind: 'digest', style: 'subject' };
  return { kind: 'other', style: 'subject' };
}

/** The local day an email is about: a window header, the date of an incident id, or the window its subject names. */
function windowOf(headers: { key: string; value: string }[], subject: string, thread: string | undefined, style: ClassifiedEmail['style']): string | undefined {
  const declared = header(headers, 'X-Customer-Voice-Window');
  if (declared && DATE.test(declared)) return DATE.exec(declared)![1];
  const named = SUBJECT_WINDOW.exec(subject)?.[1] ?? (style === 'kind' ? DATE.exec(subject)?.[1] : undefined);
  if (named) return named;
  // `billing-2026-12-02`: the day the incident opened.
  return style === 'kind' && thread ? DATE.exec(thread)?.[1] : undefined;
}

function quotesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.startsWith('> '))
    .map((line) => line.slice(2).replace(/^\[[^\]]*\]\s*/, '').trim())
    .filter((q) => q.length > 0);
}

/** Reads one outbox `.eml` (the bytes SES would send) with either header style. */
export async function classifyEmail(eml: Buffer | string): Promise<ClassifiedEmail> {
  const parsed = await PostalMime.parse(eml);
  const headers = parsed.headers.map((h) => ({ key: h.key.toLowerCase(), value: h.value }));
  const subject = parsed.subject ?? '';
  const { kind, style } = kindOf(headers, subject);
  const thread = style === 'kind' ? header(headers, 'X-Customer-Voice-Incident') : style === 'alert' ? header(headers, 'X-Customer-Voice-Alert-Id') : undefined;
  const window = windowOf(headers, subject, thread, style);
  const recipients = [...(parsed.to ?? []), ...(parsed.cc ?? [])].flatMap((m) => ('group' in m && m.group ? m.group : [m])).map((m) => (m as { address?: string }).address?.toLowerCase() ?? '').filter(Boolean);
  return {
    kind,
    ...(thread ? { thread } : {}),
    style,
    ...(window ? { window } : {}),
    recipients: [...new Set(recipients)],
    subject,
    quotes: quotesOf(parsed.text ?? ''),
  };
}

/** Quotes that say the same thing: equal once case, punctuation and spacing are set aside. */
export function duplicateQuotes(quotes: readonly string[]): number {
  const seen = new Set<string>();
  let duplicates = 0;
  for (const q of quotes) {
    const key = q.toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    if (seen.has(key)) duplicates++;
    else seen.add(key);
  }
  return duplicates;
}
