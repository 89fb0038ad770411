/**
 * How much each training document counts, and which documents are held out of training.
 *
 * Training pools sources that differ in size and class balance (≈ 100,000 French reviews, mostly
 * positive; 20,000 tweets and TV reviews; a few hundred hand-written messages). Pooled blindly, the
 * largest source decides everything and the model forgets the others; weighted per source, it
 * generalises across them (models/MODEL_CARD.md has the figures). Pure: no I/O.
 */
import { hashString } from './text-features';
import type { ModelClass } from './linear-sentiment-model';

/** The part of a labelled text the weighting looks at. */
export interface WeightedDoc {
  text: string;
  lang: string;
  label: ModelClass;
  source?: string;
}

export type ClassWeighting = 'none' | 'balanced' | 'balanced-per-language' | 'balanced-per-source';

export interface SourceWeighting {
  /**
   * Each source's total weight after class balancing: 'sqrt' ∝ √n (a source 100× larger counts
   * 10× more), 'equal' (every source the same), 'none' (as class balancing left it).
   */
  mass: 'none' | 'equal' | 'sqrt';
  /** Multiplies a named source's total (e.g. `{ 'airline-tweets': 3 }`); unnamed sources × 1. */
  multipliers: Readonly<Record<string, number>>;
}

export const NO_SOURCE_WEIGHTING: Readonly<SourceWeighting> = { mass: 'none', multipliers: {} };

/** A document without `source` belongs to this one (a user's own file usually has none). */
export const UNNAMED_SOURCE = '-';

const sourceOf = (doc: WeightedDoc) => doc.source ?? UNNAMED_SOURCE;

/** Class balance: each class present in a group weighs the same in total (N / (k × N_class)). */
function classWeights(docs: readonly WeightedDoc[], weighting: ClassWeighting): Float64Array {
  const weights = new Float64Array(docs.length).fill(1);
  if (weighting === 'none') return weights;
  const groupOf = (doc: WeightedDoc) =>
    weighting === 'balanced-per-language' ? doc.lang : weighting === 'balanced-per-source' ? (doc.source ?? doc.lang) : '*';
  const counts = new Map<string, Map<ModelClass, number>>();
  for (const doc of docs) {
    const group = counts.get(groupOf(doc)) ?? new Map<ModelClass, number>();
    group.set(doc.label, (group.get(doc.label) ?? 0) + 1);
    counts.set(groupOf(doc), group);
  }
  docs.forEach((doc, i) => {
    const group = counts.get(groupOf(doc));
    if (!group) return;
    const total = [...group.values()].reduce((sum, v) => sum + v, 0);
    // Classes present in this group share its weight equally (a group without neutral has 2).
    weights[i] = total / (group.size * (group.get(doc.label) ?? 1));
  });
  return weights;
}

/**
 * Per-document training weights: class balance first, then each source rescaled to its total
 * (`sourceWeighting`), then everything divided by the mean so the learning rate keeps its meaning.
 * Without source weighting the class weights are returned as they are (the historical recipe).
 */
export function sampleWeights(
  docs: readonly WeightedDoc[],
  classWeighting: ClassWeighting,
  sourceWeighting: Readonly<SourceWeighting> = NO_SOURCE_WEIGHTING,
): Float64Array {
  const weights = classWeights(docs, classWeighting);
  const multiplied = Object.keys(sourceWeighting.multipliers).length > 0;
  if (sourceWeighting.mass === 'none' && !multiplied) return weights;

  const sums = new Map<string, number>();
  const counts = new Map<string, number>();
  docs.forEach((doc, i) => {
    sums.set(sourceOf(doc), (sums.get(sourceOf(doc)) ?? 0) + (weights[i] ?? 0));
    counts.set(sourceOf(doc), (counts.get(sourceOf(doc)) ?? 0) + 1);
  });
  const targetOf = (source: string) => {
    const n = counts.get(source) ?? 0;
    const base = sourceWeighting.mass === 'sqrt' ? Math.sqrt(n) : sourceWeighting.mass === 'equal' ? 1 : (sums.get(source) ?? 0);
    return base * (sourceWeighting.multipliers[source] ?? 1);
  };
  docs.forEach((doc, i) => {
    const sum = sums.get(sourceOf(doc)) ?? 0;
    weights[i] = sum === 0 ? 0 : ((weights[i] ?? 0) / sum) * targetOf(sourceOf(doc));
  });
  let total = 0;
  for (const w of weights) total += w;
  const mean = total / Math.max(1, docs.length);
  if (mean > 0) for (let i = 0; i < weights.length; i += 1) weights[i] = (weights[i] ?? 0) / mean;
  return weights;
}

/** Seed of the holdout hash (FNV-1a of the raw text): fixed, so the slice never moves between runs. */
export const HOLDOUT_SEED = 0x12345678;

/** Whether `text` is in the fixed 1-in-`every` holdout slice (never trained on). */
export function isHeldOut(text: string, every: number): boolean {
  return every > 0 && hashString(text, HOLDOUT_SEED) % every === 0;
}

/** Splits `docs` into what is trained on and the fixed holdout slice, keeping the file's order. */
export function splitHoldout<T extends { text: string }>(docs: readonly T[], every: number): { train: T[]; holdout: T[] } {
  const train: T[] = [];
  const holdout: T[] = [];
  for (const doc of docs) (isHeldOut(doc.text, every) ? holdout : train).push(doc);
  return { train, holdout };
}
