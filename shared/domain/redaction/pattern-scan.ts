/** How every detector reads the text: spans, a global-regex scanner and the word-boundary fragments. */
import type { FirstNameGazetteer } from './first-names';

export interface Span {
  start: number;
  end: number;
}

/** What a detector may consult beside the text: the data the caller passed in `RedactionOptions`. */
export interface DetectionContext {
  firstNames?: FirstNameGazetteer;
}

export type Detector = (text: string, context: DetectionContext) => Span[];

/**
 * Runs a global regex; `accept` turns a match into spans (or none). A rejected match is retried one
 * character later, unless `skipRejected` (for unbounded matches, where retrying would be quadratic).
 */
export function scan(re: RegExp, text: string, accept: (m: RegExpExecArray) => Span | Span[] | null, skipRejected = false): Span[] {
  const out: Span[] = [];
  re.lastIndex = 0;
  // Allocation-free on rejected matches: it runs some twenty times per message, on every message.
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const accepted = accept(m);
    let furthest = -1;
    if (accepted !== null) {
      for (const s of Array.isArray(accepted) ? accepted : [accepted]) {
        if (s.end > s.start) out.push(s);
        if (s.end > furthest) furthest = s.end;
      }
    }
    re.lastIndex = furthest > m.index ? furthest : skipRejected ? Math.max(m.index + 1, m.index + m[0].length) : m.index + 1;
  }
  return out;
}

export const whole = (m: RegExpExecArray): Span => ({ start: m.index, end: m.index + m[0].length });

/** Span of capture group `group` (the regex needs the `d` flag). */
export function groupSpan(m: RegExpExecArray, group: number): Span | null {
  const indices = m.indices?.[group];
  return indices ? { start: indices[0], end: indices[1] } : null;
}

const W = '[\\p{L}\\p{N}_]';
export const NOT_AFTER_WORD = `(?<!${W})`;
export const NOT_BEFORE_WORD = `(?!${W})`;
