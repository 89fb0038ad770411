/**
 * The note of recognition (issue #21): a short email to the owners of one of the week's most
 * improved departments (recognition.ts says what counts as real progress): the figures, a few of
 * their customers' positive words, thanks. Teams are recognised for progress, not level.
 */
import { formatNumber, windowLabel, type Lang } from '../domain/alerts/wording';
import type { RecognisedDepartment, RecognitionQuote } from '../domain/recognition';
import { redactPii } from '../domain/redaction/redact-pii';
import type { OutgoingEmail } from '../ports/mailer';
import { DASHBOARD_PAGES, dashboardPageUrl } from './dashboard-links';
import { renderBlocks, type EmailBlock } from './email-blocks';
import { KIND_HEADER, MAX_NAME_CHARS, subjectTag, type EmailKind, type MailSettings } from './email-layout';
import { plainText } from './hostile-text';
import { localDateTime } from './incident-wording';

export interface RecognitionEmailSettings extends Pick<MailSettings, 'from' | 'appName'> {
  zone: string;
  dashboardUrl?: string;
}

export interface RecognitionEmailInput {
  recognised: RecognisedDepartment;
  /** Departments ranked by progress this week. */
  rankedCount: number;
  weekStart: string;
  words: readonly RecognitionQuote[];
  lang: Lang;
  to: readonly string[];
}

const MAX_VERBATIM_CHARS = 400;
export const RECOGNITION_WEEK_HEADER = 'X-Customer-Voice-Recognition-Week';

const signed = (v: number, lang: Lang) => `${v > 0 ? '+' : ''}${formatNumber(v, lang)}`;

export function renderRecognitionEmail(input: RecognitionEmailInput, settings: RecognitionEmailSettings): OutgoingEmail {
  const { lang } = input;
  const fr = lang === 'fr';
  const d = input.recognised.department;
  const name = plainText(d.names[lang], MAX_NAME_CHARS);
  const week = windowLabel(input.weekStart, 'week', settings.zone, lang);
  const progress = signed(d.progress ?? 0, lang);
  const before = formatNumber(d.previous?.sentimentIndex ?? 0, lang);
  const now = formatNumber(d.current.sentimentIndex ?? 0, lang);
  const subject = plainText(`${subjectTag(settings)} ${fr ? `Bravo : ${name} progresse de ${progress} pts` : `Well done: ${name} improved by ${progress} pts`} — ${week}`);
  const link = dashboardPageUrl(settings.dashboardUrl, DASHBOARD_PAGES.department(d.id));
  const app = plainText(settings.appName ?? 'customer-voice', 40);
  const blocks: EmailBlock[] = [
    {
      kind: 'paragraph',
      strong: true,
      text: fr
        ? `L’indice de sentiment de ${name} est passé de ${before} à ${now} (${progress} points) sur la ${week} : ${d.current.count} avis, contre ${d.previous?.count ?? 0} la semaine précédente.`
        : `${name}’s sentiment index went from ${before} to ${now} (${progress} points) in the ${week}: ${d.current.count} items, against ${d.previous?.count ?? 0} the week before.`,
    },
    {
      kind: 'paragraph',
      text: fr
        ? `C’est l’une des ${input.rankedCount > 1 ? `plus fortes progressions parmi ${input.rankedCount} départements classés` : 'progressions de la semaine'}, et elle dépasse les variations ordinaires d’une semaine à l’autre (test statistique à 95 %).`
        : `It is among the ${input.rankedCount > 1 ? `largest improvements of ${input.rankedCount} ranked departments` : 'improvements of the week'}, and beyond ordinary week-to-week variation (statistical test at 95%).`,
    },
    ...(input.words.length
      ? [
          { kind: 'heading', text: fr ? 'Ce que disent vos clients (données personnelles masquées)' : 'What your customers say (personal data redacted)' } satisfies EmailBlock,
          ...input.words.map(
            (v): EmailBlock => ({
              kind: 'quote',
              text: plainText(redactPii(v.text).text, MAX_VERBATIM_CHARS),
              date: Number.isNaN(Date.parse(v.occurredAt)) ? null : localDateTime(v.occurredAt, settings.zone),
            }),
          ),
        ]
      : []),
    { kind: 'paragraph', text: fr ? 'Merci à toute l’équipe : ce que vous avez changé, les clients l’ont remarqué.' : 'Thank you to the whole team: whatever you changed, customers noticed.' },
    ...(link ? [{ kind: 'link', text: fr ? `Voir ${name} dans le tableau de bord` : `See ${name} on the dashboard`, url: link } satisfies EmailBlock] : []),
    {
      kind: 'paragraph',
      muted: true,
      text: fr
        ? `Envoyé par ${app} aux responsables de ${name}. Pour ne plus recevoir ces messages, la configuration des départements peut indiquer "recognition": false pour ce département.`
        : `Sent by ${app} to the owners of ${name}. To stop these notes, the department configuration can set "recognition": false on this department.`,
    },
    { kind: 'signature', lines: [`recognition ${d.id} ${input.weekStart}`] },
  ];
  const heading = fr ? `${name} : des progrès que vos clients ont remarqués` : `${name}: progress your customers noticed`;
  const { text, html } = renderBlocks(lang, subject, heading, blocks);
  return {
    from: settings.from,
    to: [...input.to],
    subject,
    text,
    html,
    headers: { [KIND_HEADER]: 'recognition' satisfies EmailKind, [RECOGNITION_WEEK_HEADER]: input.weekStart },
  };
}
