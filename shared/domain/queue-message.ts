import type * as z from 'zod';

/**
 * A queue message body read as JSON, then checked against the message's schema: what every
 * consumer does with an SQS record's body. `json` is undefined when the body is not JSON; the
 * parser's error is kept as `cause` only, since its message may quote the body (customer data).
 */
export type QueueMessage<T> =
  | { success: true; data: T }
  | { success: false; problem: 'not_json'; json: undefined; cause: unknown }
  | { success: false; problem: 'invalid'; json: unknown; error: z.ZodError };

export function parseQueueMessage<T>(body: string, schema: z.ZodType<T>): QueueMessage<T> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    return { success: false, problem: 'not_json', json: undefined, cause };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, problem: 'invalid', json, error: parsed.error };
}
