/**
 * Recognition of progress (issue #21): what the digest opens with (the departments whose progress
 * is real, recognition.ts, and the first one's customers' positive words), and the short notes
 * to the owners of those departments, each in their language, once per department and week (a
 * send marker claimed before each note). A department with `recognition: false` gets no note.
 */
import { ownersByLanguage } from '../domain/alerts/recipients';
import { selectDistinctVerbatims } from '../domain/alerts/verbatim-selection';
import type { Lang } from '../domain/alerts/wording';
import type { DepartmentsConfig } from '../domain/departments/schema';
import type { Digest } from '../domain/digest';
import { RECOGNITION_VERBATIMS, recognisedDepartments, recognitionMarker, type DigestRecognition, type RecognitionQuote } from '../domain/recognition';
import type { SendMarkers } from '../ports/incidents';
import type { Mailer, OutgoingEmail } from '../ports/mailer';
import type { FeedbackStore } from '../ports/stores';
import { renderRecognitionEmail } from './recognition-email';

/** Positive items read per department, and index entries read at most, to pick the quoted ones. */
const ITEMS_READ = 50;
const MAX_EXAMINED = 2_000;

/** A department's distinct positive redacted verbatims of the digest's week. */
export async function positiveWords(feedback: Pick<FeedbackStore, 'verbatims'>, departmentId: string, week: Digest['week']): Promise<RecognitionQuote[]> {
  const end = new Date(Date.parse(week.end) - 1);
  const items = await feedback.verbatims(departmentId, new Date(week.start), end, ITEMS_READ, { sentiment: 'positive', maxExamined: MAX_EXAMINED });
  return selectDistinctVerbatims(items, RECOGNITION_VERBATIMS).map((v) => ({ id: v.id, text: v.text, occurredAt: v.occurredAt }));
}

/** What the digest opens with. */
export async function digestRecognition(digest: Digest, feedback: Pick<FeedbackStore, 'verbatims'>): Promise<DigestRecognition> {
  const recognised = recognisedDepartments(digest.ranking);
  const first = recognised[0];
  return { recognised, words: first ? await positiveWords(feedback, first.department.id, digest.week) : [] };
}

export interface RecognitionDeps {
  feedback: Pick<FeedbackStore, 'verbatims'>;
  markers: SendMarkers;
  mailer: Mailer;
  departments: DepartmentsConfig;
  /** `lang`: the deployment's mail language, for owners without one. */
  email: { lang: Lang; from: OutgoingEmail['from']; appName?: string; dashboardUrl?: string };
  zone: string;
  now?: () => Date;
}

export interface RecognitionOutcome {
  week: string;
  sent: { department: string; lang: Lang; to: string[]; messageId: string }[];
  alreadySent: { department: string; lang: Lang }[];
  /** Recognised, but no note: opted out (`recognition: false`) or no owner configured. */
  skipped: { department: string; reason: 'opted-out' | 'no-owner' }[];
}

export class RecognitionNoteError extends Error {
  override readonly name = 'RecognitionNoteError';
  constructor(
    readonly failures: { department: string; error: unknown }[],
    readonly outcome: RecognitionOutcome,
  ) {
    super(`recognition notes: ${failures.length} failure(s): ${failures.map((f) => `${f.department}: ${f.error instanceof Error ? f.error.message : String(f.error)}`).join('; ')}`, {
      cause: failures[0]?.error,
    });
  }
}

/** Sends the week's notes of recognition for a built digest. */
export async function sendRecognitionNotes(deps: RecognitionDeps, digest: Digest): Promise<RecognitionOutcome> {
  const now = (deps.now ?? (() => new Date()))();
  const recognition = digest.recognition ?? (await digestRecognition(digest, deps.feedback));
  const outcome: RecognitionOutcome = { week: digest.week.start, sent: [], alreadySent: [], skipped: [] };
  const failures: RecognitionNoteError['failures'] = [];
  for (const [index, recognised] of recognition.recognised.entries()) {
    const id = recognised.department.id;
    if (deps.departments.departments.find((d) => d.id === id)?.recognition === false) {
      outcome.skipped.push({ department: id, reason: 'opted-out' });
      continue;
    }
    const groups = ownersByLanguage([id], deps.departments, deps.email.lang);
    if (groups.size === 0) {
      outcome.skipped.push({ department: id, reason: 'no-owner' });
      continue;
    }
    try {
      const words = index === 0 ? recognition.words : await positiveWords(deps.feedback, id, digest.week);
      for (const [lang, to] of groups) {
        if (!(await deps.markers.claim(recognitionMarker(digest.week.start, id, lang), now))) {
          outcome.alreadySent.push({ department: id, lang });
          continue;
        }
        const email = renderRecognitionEmail({ recognised, rankedCount: digest.ranking.length, weekStart: digest.week.start, words, lang, to }, { ...deps.email, zone: deps.zone });
        const { messageId } = await deps.mailer.send(email);
        outcome.sent.push({ department: id, lang, to, messageId });
      }
    } catch (error) {
      failures.push({ department: id, error });
    }
  }
  if (failures.length > 0) throw new RecognitionNoteError(failures, outcome);
  return outcome;
}
