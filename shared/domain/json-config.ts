import type * as z from 'zod';
import { describeIssues } from './feedback';

/**
 * A configuration given as JSON text, validated by its schema. Every problem names `source`
 * (the file, variable or context it came from) and is raised as the configuration's own error.
 */
export function parseJsonConfig<T>(json: string, schema: z.ZodType<T>, source: string, InvalidConfigError: new (message: string, options?: ErrorOptions) => Error): T {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new InvalidConfigError(`${source} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new InvalidConfigError(`${source} is invalid: ${describeIssues(parsed.error)}`, { cause: parsed.error });
  return parsed.data;
}
