// Namespace import: lets esbuild tree-shake zod.
import * as z from 'zod';
import { UNASSIGNED, type DepartmentsConfig } from '../domain/departments/schema';
import { describeIssues } from '../domain/feedback';
import { InvalidRequestError, NotFoundError } from '../domain/failures';
import type { FeedbackStore, Verbatim } from '../ports/stores';

const DEFAULT_DAYS = 7;
const MAX_DAYS = 92;

const FeedbackQuerySchema = z
  .object({
    department: z.string({ message: 'department is required, e.g. ?department=billing' }).min(1),
    from: z.iso.datetime({ offset: true, message: 'from must be an ISO 8601 date-time' }).optional(),
    to: z.iso.datetime({ offset: true, message: 'to must be an ISO 8601 date-time' }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** The verbatims behind a department's scores, newest first, each with why it was attributed. */
export async function readFeedback(
  query: Record<string, string | undefined>,
  deps: { store: Pick<FeedbackStore, 'verbatims'>; departments: DepartmentsConfig; now?: () => Date },
): Promise<{ department: string; from: string; to: string; items: Verbatim[] }> {
  const parsed = FeedbackQuerySchema.safeParse(Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)));
  if (!parsed.success) throw new InvalidRequestError('invalid_query', describeIssues(parsed.error));
  const { department, limit } = parsed.data;
  if (department !== UNASSIGNED && !deps.departments.departments.some((d) => d.id === department)) {
    throw new NotFoundError(`No department "${department}"; GET /v1/departments lists them.`);
  }
  const to = parsed.data.to ? new Date(parsed.data.to) : (deps.now ?? (() => new Date()))();
  const from = parsed.data.from ? new Date(parsed.data.from) : new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
  if (from > to) throw new InvalidRequestError('invalid_query', '"from" is after "to".');
  if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000) throw new InvalidRequestError('invalid_query', `Ask for at most ${MAX_DAYS} days at a time.`);
  // The customer key only tells customers apart inside the pipeline: never handed out.
  const items = (await deps.store.verbatims(department, from, to, limit)).map(({ customerKey: _internal, ...item }) => item);
  return { department, from: from.toISOString(), to: to.toISOString(), items };
}
