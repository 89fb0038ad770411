import type { Span } from './pattern-scan';
import type { PiiType } from './types';

// ---------------------------------------------------------------------------------------------
// Candidates and overlap resolution
// ---------------------------------------------------------------------------------------------

export interface Candidate extends Span {
  type: PiiType;
  priority: number;
  /** false for spans that are only protected (kept order numbers, existing placeholders). */
  redact: boolean;
  /** Names, addresses and external detections give way around higher-priority spans instead of being dropped. */
  trimmable: boolean;
}

/** Subtracts the accepted spans from `span`; what is left, in pieces. */
function subtract(span: Span, taken: readonly Span[]): Span[] {
  let pieces: Span[] = [span];
  for (const t of taken) {
    pieces = pieces.flatMap((p) => {
      if (t.end <= p.start || t.start >= p.end) return [p];
      const left = { start: p.start, end: t.start };
      const right = { start: t.end, end: p.end };
      return [left, right].filter((x) => x.end > x.start);
    });
  }
  return pieces;
}

export function resolveOverlaps(candidates: Candidate[], original: string): Candidate[] {
  const ordered = [...candidates].sort(
    (a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  // Accepted spans never overlap, so sorted by start they are also sorted by end: binary search.
  const accepted: Candidate[] = [];
  const firstEndingAfter = (offset: number) => {
    let lo = 0;
    let hi = accepted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((accepted[mid]?.end ?? 0) > offset) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const insert = (c: Candidate) => accepted.splice(firstEndingAfter(c.start), 0, c);
  for (const c of ordered) {
    const overlapping: Candidate[] = [];
    for (let i = firstEndingAfter(c.start); i < accepted.length; i += 1) {
      const a = accepted[i];
      if (!a || a.start >= c.end) break;
      overlapping.push(a);
    }
    if (overlapping.length === 0) insert(c);
    else if (c.trimmable && c.redact) {
      for (const piece of subtract(c, overlapping)) {
        const value = original.slice(piece.start, piece.end);
        if (!/[\p{L}\p{N}]/u.test(value)) continue;
        // "[NAME] [EMAIL]", not "[NAME][EMAIL]": the spaces around a trimmed piece stay.
        const start = piece.start + (value.length - value.trimStart().length);
        const end = piece.end - (value.length - value.trimEnd().length);
        insert({ ...c, start, end });
      }
    }
  }
  return accepted;
}
