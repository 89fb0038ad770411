import type { NotificationEvent, NotificationEventKind } from './contract';

/** The few words a chat message adds around an event's own text, in the event's language. */
export const NOTIFICATION_WORDS = {
  fr: {
    kinds: { incident: 'Incident', recovery: 'Retour à la normale', brief: "Point d'interface", digest: 'Synthèse hebdomadaire' } satisfies Record<NotificationEventKind, string>,
    departments: 'Départements',
    allDepartments: 'Tous les départements',
    verbatims: 'Ce que disent les clients (textes anonymisés)',
    open: 'Ouvrir dans le tableau de bord',
    incident: 'Incident',
  },
  en: {
    kinds: { incident: 'Incident', recovery: 'Recovered', brief: 'Interface brief', digest: 'Weekly digest' } satisfies Record<NotificationEventKind, string>,
    departments: 'Departments',
    allDepartments: 'All departments',
    verbatims: 'What customers say (redacted)',
    open: 'Open in the dashboard',
    incident: 'Incident',
  },
} as const;

export const wordsOf = (event: Pick<NotificationEvent, 'lang'>) => NOTIFICATION_WORDS[event.lang];

/** How many verbatims a chat message quotes, and how long each may be (chat limits, and readability). */
export const CHAT_VERBATIMS = { max: 5, maxChars: 500 } as const;
