/**
 * The interface brief (issue #21): one email for the owners of two departments that share a
 * problem, the same content for both sides, both named, the officer in copy. It says what the
 * customers say about the hand-off between them (the trend of the negative items they share, the
 * journeys, five distinct redacted verbatims) and proposes to review it together. Written without
 * blame: the items belong to the interface, not to either side. Every outside string goes
 * through hostile-text (email-blocks does it); ids only in headers and after the `-- ` line.
 */
import { windowLabel, type Lang } from '../domain/alerts/wording';
import type { DepartmentsConfig } from '../domain/departments/schema';
import type { ActiveHotspot, BriefAudience } from '../domain/interface-briefs';
import type { NotificationEvent } from '../domain/notifications/contract';
import { redactPii } from '../domain/redaction/redact-pii';
import type { OutgoingEmail } from '../ports/mailer';
import { DASHBOARD_PAGES, dashboardPageUrl } from './dashboard-links';
import { renderBlocks, type EmailBlock } from './email-blocks';
import { trendChartOf } from './email-chart';
import { INCIDENT_HEADER, KIND_HEADER, MAX_NAME_CHARS, subjectTag, type EmailKind, type MailSettings } from './email-layout';
import { plainText } from './hostile-text';
import { departmentName, localDateTime } from './incident-wording';

export interface BriefEmailSettings extends Pick<MailSettings, 'from' | 'departments' | 'appName'> {
  zone: string;
  /** The dashboard page's base URL: the brief links to its interfaces page. No link when unset. */
  dashboardUrl?: string;
}

export interface BriefEmailInput {
  hotspot: ActiveHotspot;
  /** The journeys of the shared negative items read this week, most frequent first, and how many items were read. */
  journeys: { id: string; items: number }[];
  itemsRead: number;
  /** Distinct redacted verbatims (at most five). */
  verbatims: { id: string; text: string; occurredAt: string; lang?: string }[];
  audience: BriefAudience;
}

const MAX_VERBATIM_CHARS = 400;
export const BRIEF_WEEK_HEADER = 'X-Customer-Voice-Brief-Week';

function journeyName(id: string, config: DepartmentsConfig, lang: Lang): string {
  return plainText(config.journeys.find((j) => j.id === id)?.names[lang] ?? id, MAX_NAME_CHARS);
}

/** The brief's sentences in one language. */
function wording(input: BriefEmailInput, settings: BriefEmailSettings, lang: Lang) {
  const fr = lang === 'fr';
  const h = input.hotspot;
  const [a, b] = h.departments.map((id) => departmentName(id, settings.departments, lang)) as [string, string];
  const weekStart = h.weeks.at(-1)?.window ?? '';
  const week = windowLabel(weekStart, 'week', settings.zone, lang);
  const items = (n: number) => (fr ? `${n} avis négatif${n > 1 ? 's' : ''}` : `${n} negative item${n === 1 ? '' : 's'}`);
  const incidentSince = h.openIncident ? localDateTime(h.openIncident.openedAt, settings.zone) : '';
  const why: string[] = [];
  if (h.reasons.includes('volume')) {
    why.push(
      fr
        ? `${items(h.negative)} de la ${week} concernent à la fois ${a} et ${b} (un point d’interface est proposé à partir de ${h.threshold}).`
        : `${items(h.negative)} in the ${week} concern both ${a} and ${b} (a brief is proposed from ${h.threshold}).`,
    );
  } else {
    why.push(fr ? `${items(h.negative)} de la ${week} concernent à la fois ${a} et ${b}.` : `${items(h.negative)} in the ${week} concern both ${a} and ${b}.`);
  }
  if (h.openIncident) why.push(fr ? `Un incident est ouvert sur cette interface depuis le ${incidentSince}.` : `An incident has been open on this interface since ${incidentSince}.`);
  return {
    fr,
    a,
    b,
    week,
    weekStart,
    subject: `${subjectTag(settings)} ${fr ? 'Point d’interface' : 'Interface brief'} — ${a} × ${b} — ${week}${fr ? ' : ' : ': '}${items(h.negative)} ${fr ? 'en commun' : 'shared'}`,
    heading: fr ? `${a} et ${b} : un sujet à regarder ensemble` : `${a} and ${b}: something to look at together`,
    to: fr
      ? `Aux responsables de ${a} et de ${b} : vous recevez tous le même point, pour en parler à partir des mêmes faits.`
      : `To the owners of ${a} and of ${b}: you all receive the same brief, so that you can talk from the same facts.`,
    why,
    proposal: fr
      ? [
          `Ces avis se situent entre vos deux équipes : ni l’une ni l’autre ne peut les résoudre seule. Nous vous proposons une revue commune de 30 minutes cette semaine :`,
          `lire ensemble les verbatims ci-dessus et ceux du tableau de bord ;`,
          `décrire chacun comment le parcours passe d’une équipe à l’autre ;`,
          `choisir un changement à essayer, et qui le suit.`,
          `Le but est de comprendre le passage de relais, pas de chercher un responsable : les chiffres de la semaine prochaine diront si le changement aide.`,
        ]
      : [
          `These items sit between your two teams: neither can solve them alone. We suggest a 30-minute review together this week:`,
          `read the verbatims above, and more on the dashboard, together;`,
          `each describe how the journey passes from one team to the other;`,
          `choose one change to try, and who follows it up.`,
          `The aim is to understand the hand-off, not to find who is at fault: next week’s figures will tell whether the change helps.`,
        ],
  };
}

function journeyBlocks(input: BriefEmailInput, config: DepartmentsConfig, lang: Lang): EmailBlock[] {
  const fr = lang === 'fr';
  const heading: EmailBlock = { kind: 'heading', text: fr ? 'Parcours concernés' : 'Journeys involved' };
  if (input.journeys.length === 0) {
    return [heading, { kind: 'paragraph', text: fr ? 'Aucun parcours reconnu dans ces avis.' : 'No journey recognised in these items.' }];
  }
  const of = fr ? `sur ${input.itemsRead} avis négatifs communs lus` : `of ${input.itemsRead} shared negative items read`;
  return [heading, { kind: 'list', items: input.journeys.map((j) => `${journeyName(j.id, config, lang)}${fr ? ' :' : ':'} ${j.items} ${of}`) }];
}

/** One brief email, in the audience's language. */
export function renderBriefEmail(input: BriefEmailInput, settings: BriefEmailSettings): OutgoingEmail {
  const lang = input.audience.lang;
  const w = wording(input, settings, lang);
  const h = input.hotspot;
  const chart = trendChartOf('interface-hotspot', h.threshold, h.weeks, { granularity: 'week', zone: settings.zone, lang });
  const link = dashboardPageUrl(settings.dashboardUrl, DASHBOARD_PAGES.interfaces());
  const app = plainText(settings.appName ?? 'customer-voice', 40);
  const blocks: EmailBlock[] = [
    { kind: 'paragraph', text: w.to },
    ...w.why.map((text, i): EmailBlock => ({ kind: 'paragraph', text, strong: i === 0 })),
    { kind: 'heading', text: w.fr ? 'Avis négatifs communs, semaine par semaine' : 'Shared negative items, week by week' },
    { kind: 'chart', chart },
    ...journeyBlocks(input, settings.departments, lang),
    ...(input.verbatims.length
      ? [
          { kind: 'heading', text: w.fr ? 'Ce que disent les clients (données personnelles masquées)' : 'What customers say (personal data redacted)' } satisfies EmailBlock,
          ...input.verbatims.map(
            (v): EmailBlock => ({
              kind: 'quote',
              // Stored verbatims are redacted already; once more costs little and covers any other writer.
              text: plainText(redactPii(v.text).text, MAX_VERBATIM_CHARS),
              date: Number.isNaN(Date.parse(v.occurredAt)) ? null : localDateTime(v.occurredAt, settings.zone),
            }),
          ),
        ]
      : []),
    { kind: 'heading', text: w.fr ? 'Proposition : en parler ensemble' : 'A proposal: review it together' },
    { kind: 'paragraph', text: w.proposal[0]! },
    { kind: 'list', items: w.proposal.slice(1, -1) },
    { kind: 'paragraph', text: w.proposal.at(-1)! },
    ...(link ? [{ kind: 'link', text: w.fr ? 'Voir les interfaces dans le tableau de bord' : 'See the interfaces on the dashboard', url: link } satisfies EmailBlock] : []),
    {
      kind: 'paragraph',
      muted: true,
      text: w.fr ? `Envoyé par ${app} aux responsables de ${w.a} et de ${w.b}, le responsable de l’expérience client en copie.` : `Sent by ${app} to the owners of ${w.a} and of ${w.b}, the customer officer in copy.`,
    },
    { kind: 'signature', lines: [`brief ${h.id} ${w.weekStart}`, ...(h.openIncident ? [`incident ${h.openIncident.id}`] : [])] },
  ];
  const { text, html } = renderBlocks(lang, plainText(w.subject), w.heading, blocks);
  return {
    from: settings.from,
    to: input.audience.to,
    ...(input.audience.cc.length ? { cc: input.audience.cc } : {}),
    subject: plainText(w.subject),
    text,
    html,
    headers: {
      [KIND_HEADER]: 'brief' satisfies EmailKind,
      [BRIEF_WEEK_HEADER]: w.weekStart,
      'X-Customer-Voice-Pair': plainText(h.id, 200),
      ...(h.openIncident ? { [INCIDENT_HEADER]: plainText(h.openIncident.id, 800) } : {}),
    },
  };
}

/** The brief as the notification targets carry it (Slack, Teams, webhooks): plain text, redacted verbatims only. */
export function briefNotification(
  input: Omit<BriefEmailInput, 'audience'> & { eventId: string; occurredAt: string; lang: Lang },
  settings: BriefEmailSettings,
): NotificationEvent {
  const w = wording({ ...input, audience: { lang: input.lang, to: [], cc: [] } }, settings, input.lang);
  const h = input.hotspot;
  const link = dashboardPageUrl(settings.dashboardUrl, DASHBOARD_PAGES.interfaces());
  return {
    kind: 'brief',
    eventId: input.eventId,
    occurredAt: input.occurredAt,
    departments: [...h.departments],
    ...(h.openIncident ? { incidentId: h.openIncident.id } : {}),
    title: plainText(w.heading),
    summary: [...w.why, w.proposal[0]!, w.proposal.at(-1)!].map((l) => plainText(l)).join('\n'),
    figures: [
      { label: w.fr ? 'Avis négatifs communs' : 'Shared negative items', value: String(h.negative) },
      { label: w.fr ? 'Seuil du point d’interface' : 'Brief threshold', value: String(h.threshold) },
      ...input.journeys.slice(0, 3).map((j) => ({ label: journeyName(j.id, settings.departments, input.lang), value: String(j.items) })),
    ],
    verbatims: input.verbatims.map((v) => ({ text: plainText(redactPii(v.text).text, MAX_VERBATIM_CHARS), occurredAt: v.occurredAt, ...(v.lang ? { lang: v.lang } : {}) })),
    ...(link ? { link } : {}),
    lang: input.lang,
  };
}
