/**
 * The digest's opening (issue #21): the most improved department, if any improved beyond noise
 * (recognition.ts), and its customers' positive words of the week; the others recognised with it.
 * Returns the digest's section shape (title, intro, lines); digest-email.ts escapes and lays it out.
 */
import { formatNumber, type Lang } from '../domain/alerts/wording';
import type { Digest } from '../domain/digest';
import { MIN_RECOGNITION_POINTS } from '../domain/recognition';
import { redactPii } from '../domain/redaction/redact-pii';
import { MAX_NAME_CHARS } from './email-layout';
import { plainText } from './hostile-text';
import { localDateTime } from './incident-wording';

const MAX_QUOTE_CHARS = 300;

const signed = (v: number, lang: Lang) => `${v > 0 ? '+' : ''}${formatNumber(v, lang)}`;

/** The opening section, or none when the digest was built without recognition. */
export function recognitionSections(digest: Digest, lang: Lang): { title: string; intro: string; lines?: string[] }[] {
  const r = digest.recognition;
  if (!r) return [];
  const fr = lang === 'fr';
  const title = fr ? 'Plus forte progression de la semaine' : 'Most improved this week';
  const top = r.recognised[0];
  if (!top) {
    return [
      {
        title,
        intro: fr
          ? `Aucun département n’a progressé au-delà des variations ordinaires cette semaine (au moins ${MIN_RECOGNITION_POINTS} points d’indice et un test statistique à 95 %).`
          : `No department improved beyond ordinary week-to-week variation this week (at least ${MIN_RECOGNITION_POINTS} index points and a statistical test at 95%).`,
      },
    ];
  }
  const name = (d: { names: { en: string; fr: string } }) => plainText(d.names[lang], MAX_NAME_CHARS);
  const d = top.department;
  const before = formatNumber(d.previous?.sentimentIndex ?? 0, lang);
  const now = formatNumber(d.current.sentimentIndex ?? 0, lang);
  const others = r.recognised.slice(1).map((o) => `${name(o.department)} (${signed(o.department.progress ?? 0, lang)} pts)`);
  const intro = [
    fr
      ? `${name(d)} : indice de sentiment ${before} → ${now} (${signed(d.progress ?? 0, lang)} pts) sur ${d.current.count} avis, un progrès au-delà des variations ordinaires.`
      : `${name(d)}: sentiment index ${before} → ${now} (${signed(d.progress ?? 0, lang)} pts) over ${d.current.count} items, progress beyond ordinary variation.`,
    ...(others.length ? [fr ? `Progressent aussi nettement : ${others.join(', ')}.` : `Also clearly improving: ${others.join(', ')}.`] : []),
    ...(r.words.length ? [fr ? 'Ce que disent leurs clients :' : 'What their customers say:'] : []),
  ].join(' ');
  const lines = r.words.map((w) => `“${plainText(redactPii(w.text).text, MAX_QUOTE_CHARS)}” — ${localDateTime(w.occurredAt, digest.week.zone)}`);
  return [{ title, intro, ...(lines.length ? { lines } : {}) }];
}
