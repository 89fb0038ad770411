import { expect } from 'vitest';
import { redactPii } from '../../shared/domain/redaction/redact-pii';

/** The types of the entities found in `text`, in order. */
export const typesOf = (text: string) => redactPii(text).entities.map((e) => e.type);

/** Asserts that `value`, found in `text`, is redacted as exactly one entity of `type` spanning it. */
export function expectRedactedAs(text: string, value: string, type: string): void {
  const start = text.indexOf(value);
  expect(start, `"${value}" must be in the text`).toBeGreaterThanOrEqual(0);
  const { text: out, entities } = redactPii(text);
  expect(entities).toContainEqual({ type, start, end: start + value.length });
  expect(out).not.toContain(value);
  expect(out).toContain(`[${type}]`);
}

/** Asserts that nothing in `text` is redacted. */
export function expectUntouched(text: string): void {
  const result = redactPii(text);
  expect(result.entities).toEqual([]);
  expect(result.text).toBe(text);
}
