/**
 * What a person does to an incident: acknowledge it, assign it to an owner, resolve it with a
 * note. Pure: the request bodies' schemas and the transitions; the use case
 * (`shared/app/act-on-incident.ts`) reads, applies and writes under the optimistic lock.
 *
 * Semantics (the README's contract):
 * - a resolved incident is final: acting on it again is a conflict (409), which says who
 *   resolved it and when, so a second person resolving it learns it was done;
 * - acknowledging an acknowledged incident changes nothing (the first acknowledgement is kept);
 * - assigning replaces the assignee (the latest assignment wins, recorded with who and when);
 *   assigning the same owner again changes nothing;
 * - resolving an open incident closes it (a later breaking day opens a new incident); a
 *   recovered one keeps its recovery time. The note is redacted like customer text before it is
 *   stored (it is shown in the API, the dashboard, the incident emails and the weekly digest, which
 *   show it as stored): staff type customers' names and numbers into it ("Rappelé Mme Sophie
 *   Martin au 06…"), so it takes the redaction options the customer text gets, the first-name
 *   gazetteer included.
 */
import * as z from 'zod';
import { redactPii } from '../redaction/redact-pii';
import type { RedactionOptions } from '../redaction/types';
import type { Actor, Incident } from './incident';

export const INCIDENT_ACTIONS = ['ack', 'assign', 'resolve'] as const;
export type IncidentActionKind = (typeof INCIDENT_ACTIONS)[number];

export const MAX_RESOLUTION_NOTE_CHARS = 2000;
const MAX_ADDRESS_CHARS = 254;

export const AssignBodySchema = z.strictObject({
  owner: z
    .string({ error: 'owner is required: the email address of the person who takes the incident.' })
    .trim()
    .max(MAX_ADDRESS_CHARS, `owner is at most ${MAX_ADDRESS_CHARS} characters.`)
    .pipe(z.email('owner must be an email address.')),
});

export const ResolveBodySchema = z.strictObject({
  note: z
    .string({ error: 'note is required: say what was done (at most 2000 characters).' })
    .trim()
    .min(1, 'note is empty: say what was done.')
    .max(MAX_RESOLUTION_NOTE_CHARS, `note is at most ${MAX_RESOLUTION_NOTE_CHARS} characters.`),
});

export type IncidentAction = { kind: 'ack' } | ({ kind: 'assign' } & z.infer<typeof AssignBodySchema>) | ({ kind: 'resolve' } & z.infer<typeof ResolveBodySchema>);

export type ActionOutcome =
  /** The incident to store (version + 1). */
  | { outcome: 'changed'; incident: Incident }
  /** Nothing to store: the incident already says this (a repeated acknowledgement, the same assignee). */
  | { outcome: 'unchanged'; incident: Incident }
  /** Refused: the incident was resolved (by `resolved.by`, at `resolved.at`). */
  | { outcome: 'already-resolved'; incident: Incident };

/** Applies `action` by `actor` to the stored `incident`, a resolve note redacted with `redaction`; never mutates it. */
export function applyIncidentAction(incident: Incident, action: IncidentAction, actor: Actor, redaction: RedactionOptions = {}): ActionOutcome {
  if (incident.status === 'resolved' || incident.resolved) return { outcome: 'already-resolved', incident };
  const next = (changes: Partial<Incident>): ActionOutcome => ({
    outcome: 'changed',
    incident: { ...incident, ...changes, updatedAt: actor.at, version: incident.version + 1 },
  });
  switch (action.kind) {
    case 'ack':
      return incident.acknowledged ? { outcome: 'unchanged', incident } : next({ acknowledged: { by: actor.by, at: actor.at } });
    case 'assign':
      return incident.assignee?.owner.toLowerCase() === action.owner.toLowerCase()
        ? { outcome: 'unchanged', incident }
        : next({ assignee: { owner: action.owner, by: actor.by, at: actor.at } });
    case 'resolve':
      return next({ status: 'resolved', resolved: { by: actor.by, at: actor.at, note: redactPii(action.note, redaction).text } });
  }
}
