import * as z from 'zod';
import { incidentView, type IncidentView } from '../domain/alerts/incident';
import { applyIncidentAction, AssignBodySchema, ResolveBodySchema, type IncidentAction, type IncidentActionKind } from '../domain/alerts/incident-actions';
import { ConflictError, InvalidRequestError, NotFoundError, ServiceUnavailableError } from '../domain/failures';
import { describeIssues } from '../domain/feedback';
import type { RedactionOptions } from '../domain/redaction/types';
import type { IncidentStore } from '../ports/incidents';

/** Lost optimistic-lock races before giving up (each is another writer's change, re-read each time). */
const WRITE_ATTEMPTS = 5;
/** Incident ids are a scope key and a day (`billing+delivery-2026-12-02`); anything longer is not one. */
const MAX_ID_CHARS = 200;

const AckBodySchema = z.strictObject({}, { error: 'ack takes no body (or {}).' }).optional();

export interface ActOnIncidentDeps {
  incidents: Pick<IncidentStore, 'get' | 'put'>;
  /** How a resolve note is redacted before it is stored: on Lambda, with the shipped first-name gazetteer. Default: context rules only. */
  redaction?: RedactionOptions;
  now?: () => Date;
}

export interface IncidentActionRequest {
  id: string;
  action: IncidentActionKind;
  /** The parsed JSON body (undefined when there is none: ack needs none). */
  body: unknown;
  /** Who acts: the API key's source label (`officer-dashboard`), or later the signed-in owner. */
  by: string;
}

function parseAction(kind: IncidentActionKind, body: unknown): IncidentAction {
  const schema = { ack: AckBodySchema, assign: AssignBodySchema, resolve: ResolveBodySchema }[kind];
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError(`invalid_${kind}`, describeIssues(parsed.error));
  return { kind, ...(parsed.data ?? {}) } as IncidentAction;
}

/**
 * POST /v1/alerts/{id}/ack|assign|resolve: applies the action (incident-actions.ts says what each
 * does) under the incident's optimistic lock. A write lost to a concurrent one (the evaluator
 * updating the incident, another person acting) re-reads and applies again, so neither change is
 * lost. Answers the incident's public view after the action.
 */
export async function actOnIncident(request: IncidentActionRequest, deps: ActOnIncidentDeps): Promise<IncidentView> {
  const action = parseAction(request.action, request.body);
  if (!request.id || request.id.length > MAX_ID_CHARS) throw new NotFoundError(`No incident "${request.id.slice(0, 80)}"; ids come from GET /v1/alerts.`);
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const stored = await deps.incidents.get(request.id);
    if (!stored) throw new NotFoundError(`No incident "${request.id}"; ids come from GET /v1/alerts.`);
    const at = (deps.now ?? (() => new Date()))().toISOString();
    const result = applyIncidentAction(stored, action, { by: request.by, at }, deps.redaction);
    if (result.outcome === 'already-resolved') {
      const { by, at: resolvedAt } = stored.resolved ?? { by: 'unknown', at: stored.updatedAt };
      throw new ConflictError(`Incident "${stored.id}" was resolved by ${by} at ${resolvedAt}; a resolved incident cannot be acknowledged, assigned or resolved again.`, {
        resolved: stored.resolved,
      });
    }
    if (result.outcome === 'unchanged') return incidentView(result.incident);
    if (await deps.incidents.put(result.incident)) return incidentView(result.incident);
  }
  throw new ServiceUnavailableError(`Incident "${request.id}" kept changing while this ${request.action} was applied; try again.`);
}
