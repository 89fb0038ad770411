import type { RedactionResult } from '../domain/redaction/types';
import { extractTopics } from '../domain/topics/phrases';
import type { ProcessedFeedback } from '../ports/stores';

/** The fields of an item that hold what the customer typed, as a re-redaction rewrites them. */
export type RedactedFields = Pick<ProcessedFeedback, 'id' | 'text' | 'subject' | 'metadata' | 'redacted' | 'topics'>;

export interface TextUpdater {
  /**
   * Rewrites an item's text, subject, metadata, redacted types and topics. False when the item is gone or
   * was erased since it was read (there is no text left to rewrite).
   */
  updateText(item: RedactedFields): Promise<boolean>;
}

export interface RedactOptions {
  /** The current redaction (the processor's rules and settings); pure and synchronous. */
  redact: (text: string) => RedactionResult;
  texts: TextUpdater;
  onProgress?: (progress: RedactProgress) => void;
}

export interface RedactProgress {
  scanned: number;
  changed: number;
}

export interface RedactReport {
  /** Items whose text was read again. */
  scanned: number;
  /** Items the current redaction changed (and, unless a dry run, rewrote). */
  changed: number;
  /** Items without text (erased, or sent without consent): untouched. */
  withoutText: number;
  /** Placeholders added, by kind (`EMAIL`, `NAME`…). */
  placeholdersAdded: Record<string, number>;
}

export const emptyRedactReport = (): RedactReport => ({ scanned: 0, changed: 0, withoutText: 0, placeholdersAdded: {} });

/**
 * What the current redaction makes of one stored item: the item as it should be stored and the
 * kinds of the placeholders it adds, or null when it leaves every field as it is (so a re-run,
 * or a run over items the current rules already redacted, rewrites nothing). Placeholders of an
 * earlier pass are kept as they are, so redacting a redacted text adds only what was missed.
 */
export function reredactItem(item: ProcessedFeedback, redact: RedactOptions['redact']): { item: ProcessedFeedback; added: string[] } | null {
  const added: string[] = [];
  const apply = (value: string): string => {
    const result = redact(value);
    added.push(...result.entities.map((e) => e.type));
    return result.text;
  };
  const text = apply(item.text);
  const subject = item.subject === undefined ? undefined : apply(item.subject);
  const metadata = Object.fromEntries(Object.entries(item.metadata ?? {}).map(([k, v]) => [k, typeof v === 'string' ? apply(v) : v]));
  if (added.length === 0) return null;
  const redacted = [...new Set([...(item.redacted ?? []), ...added])].sort();
  // Topics come from the text: those of the old one may hold what is now redacted (a name).
  const { topics: old, ...rest } = item;
  const topics = old ? extractTopics(text, item.lang) : [];
  return { item: { ...rest, text, ...(subject === undefined ? {} : { subject }), metadata, redacted, ...(topics.length > 0 ? { topics } : {}) }, added };
}

/**
 * Applies the current redaction to one stored item, counting into `report`; returns the item as
 * it now is. Erased and withheld items are left alone; an item whose rewrite finds it erased in
 * the meantime counts as without text.
 */
export async function reredactStored(item: ProcessedFeedback, options: RedactOptions & { dryRun: boolean }, report: RedactReport): Promise<ProcessedFeedback> {
  if (item.textWithheld || item.erasedAt || !item.text) {
    report.withoutText++;
    return item;
  }
  report.scanned++;
  const next = reredactItem(item, options.redact);
  if (next) {
    const written = options.dryRun || (await options.texts.updateText(next.item));
    if (!written) {
      report.scanned--;
      report.withoutText++;
      return item;
    }
    report.changed++;
    for (const type of next.added) report.placeholdersAdded[type] = (report.placeholdersAdded[type] ?? 0) + 1;
  }
  options.onProgress?.({ scanned: report.scanned, changed: report.changed });
  // A dry run goes on with the redacted item too: what it reports is what a real run would do.
  return next ? next.item : item;
}
