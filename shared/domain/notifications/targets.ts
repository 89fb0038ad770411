/**
 * Which targets an event goes to, and the configuration's checks beyond its schema (unique
 * names), with messages that say what to fix. The same rules run at `cdk synth` (context
 * `notifications`), in the local stack (`CV_NOTIFY_CONFIG`) and when a producer publishes.
 */
import * as z from 'zod';
import { NOTIFICATION_EVENTS, NOTIFICATION_KINDS, NotificationTargetSchema, type NotificationEvent, type NotificationTarget } from './contract';

/** A target with its name settled (`<kind>-<index>` when the entry gives none). */
export type NamedTarget = NotificationTarget & { name: string };

/** What routing needs of a target: everything but where it goes (on AWS the URL stays in Secrets Manager). */
export type TargetRoute = Pick<NamedTarget, 'name' | 'kind' | 'departments' | 'events'>;

export class NotificationConfigError extends Error {
  override readonly name = 'NotificationConfigError';
}

/** `CV_NOTIFY_CONFIG[1].url: Invalid URL`: the entry and field each problem is in. */
const issuesOf = (error: z.ZodError, where: string) =>
  error.issues
    .map((i) => {
      const [index, ...field] = i.path.map(String);
      return `${where}${index === undefined ? '' : `[${index}]`}${field.length > 0 ? `.${field.join('.')}` : ''}: ${i.message}`;
    })
    .join('; ');

function settleNames<T extends { name?: string; kind: string }>(entries: T[], where: string): (T & { name: string })[] {
  const named = entries.map((entry, index) => ({ ...entry, name: entry.name ?? `${entry.kind}-${index}` }));
  const seen = new Set<string>();
  for (const entry of named) {
    if (seen.has(entry.name)) throw new NotificationConfigError(`${where}: two entries are named "${entry.name}"; give each a distinct "name".`);
    seen.add(entry.name);
  }
  return named;
}

/** The local configuration (`CV_NOTIFY_CONFIG` text): URLs and secrets inline. */
export function parseNotificationTargets(value: unknown, where = 'CV_NOTIFY_CONFIG'): NamedTarget[] {
  const parsed = z.array(NotificationTargetSchema).safeParse(value);
  if (!parsed.success) throw new NotificationConfigError(`${where} is not a valid list of notification targets — ${issuesOf(parsed.error, where)}. Expected [{ "kind": "slack" | "teams" | "webhook", "url": "https://…", "secret"?: "…" (webhook only, 16+ characters), "departments"?: [ids], "events"?: ${JSON.stringify(NOTIFICATION_EVENTS)} }].`);
  const targets = settleNames(parsed.data, where);
  const unsigned = targets.find((t) => t.kind === 'webhook' && !t.secret);
  if (unsigned) throw new NotificationConfigError(`${where}: webhook target "${unsigned.name}" has no "secret": give it one (16+ characters) to sign its deliveries with, and give the same value to its receiver.`);
  return targets;
}

/**
 * The CDK context `notifications`: the same entries with NO url or secret (they go in the
 * Secrets Manager secret the stack creates per entry, never in cdk.json or the template).
 */
export const DeployedTargetSchema = z
  .object({
    kind: z.enum(NOTIFICATION_KINDS),
    name: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'letters, digits and "-" only, at most 64').optional(),
    departments: z.array(z.string().min(1)).optional(),
    events: z.array(z.enum(NOTIFICATION_EVENTS)).optional(),
  })
  .strict();

export function parseDeployedTargets(value: unknown, knownDepartments?: readonly string[]): TargetRoute[] {
  const where = 'context "notifications"';
  if (Array.isArray(value)) {
    value.forEach((entry, i) => {
      if (entry && typeof entry === 'object' && ('url' in entry || 'secret' in entry)) {
        throw new NotificationConfigError(`${where}[${i}] holds a url or secret: remove it from cdk.json. The stack creates one Secrets Manager secret per entry; put the URL (and signing secret) there after deploying.`);
      }
    });
  }
  const parsed = z.array(DeployedTargetSchema).safeParse(value);
  if (!parsed.success) throw new NotificationConfigError(`${where} is not valid — ${issuesOf(parsed.error, where)}. Expected [{ "kind": "slack" | "teams" | "webhook", "name"?: "ops-slack", "departments"?: [ids], "events"?: ${JSON.stringify(NOTIFICATION_EVENTS)} }].`);
  const targets = settleNames(parsed.data, where);
  if (knownDepartments) {
    for (const target of targets) {
      const unknown = (target.departments ?? []).filter((d) => !knownDepartments.includes(d));
      if (unknown.length > 0) throw new NotificationConfigError(`${where} entry "${target.name}" names unknown department(s) ${unknown.join(', ')}; known: ${knownDepartments.join(', ')}.`);
    }
  }
  return targets;
}

/**
 * Whether a target wants an event: its `events` (default all) include the kind, and its
 * `departments` (default all) share one with the event. An event with no department (the
 * officer-wide digest) goes only to targets without a department filter: the officer's.
 */
export function wants(target: TargetRoute, event: Pick<NotificationEvent, 'kind' | 'departments'>): boolean {
  if (target.events && !target.events.includes(event.kind)) return false;
  if (!target.departments) return true;
  return event.departments.some((d) => target.departments!.includes(d));
}

export function targetsFor<T extends TargetRoute>(targets: readonly T[], event: Pick<NotificationEvent, 'kind' | 'departments'>): T[] {
  return targets.filter((t) => wants(t, event));
}

/** The URL a target's new secret holds until the operator puts the real one (`.invalid` never resolves). */
export const TARGET_URL_PLACEHOLDER = 'https://replace-me.invalid/';

/** What each deployed target's Secrets Manager secret holds (JSON): the URL, and the signing secret of a webhook. */
export const TargetSecretSchema = z.object({ url: z.url({ protocol: /^https?$/ }), secret: z.string().min(16).optional() });

/** A deployed target as the functions see it (NOTIFY_TARGETS): its routing and the ARN of its secret. */
export const DeployedTargetRefSchema = z.object({
  name: z.string().min(1),
  kind: z.enum(NOTIFICATION_KINDS),
  departments: z.array(z.string()).optional(),
  events: z.array(z.enum(NOTIFICATION_EVENTS)).optional(),
  secretArn: z.string().min(1),
});
export type DeployedTargetRef = z.infer<typeof DeployedTargetRefSchema>;
