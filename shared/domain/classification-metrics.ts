/** Accuracy, per-class precision/recall/F1, macro-F1 and the confusion matrix of a labelled run. Pure. */

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Gold items of this class. */
  support: number;
}

export interface ClassificationReport {
  n: number;
  accuracy: number;
  /**
   * Mean F1 over the classes that occur in the gold labels or in the predictions: a class nobody
   * wrote nor predicted (no neutral in a review corpus) is left out rather than counted as 0.
   */
  macroF1: number;
  labels: string[];
  perClass: Record<string, ClassMetrics>;
  /** confusion[gold][predicted], indexed like `labels`. */
  confusion: number[][];
}

/** Ratio with 0 for 0/0, the usual convention for precision and recall of an empty class. */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/**
 * `labels` fixes the order of the matrix; any label met in `gold` or `predicted` and not listed is
 * appended, so nothing is silently dropped.
 */
export function classificationReport(
  gold: readonly string[],
  predicted: readonly string[],
  labels: readonly string[] = ['negative', 'neutral', 'positive'],
): ClassificationReport {
  if (gold.length !== predicted.length) {
    throw new RangeError(`gold has ${gold.length} labels but predicted has ${predicted.length}`);
  }
  const order = [...labels];
  for (const label of [...gold, ...predicted]) if (!order.includes(label)) order.push(label);
  const position = new Map(order.map((label, i) => [label, i]));
  const confusion = order.map(() => order.map(() => 0));

  let correct = 0;
  gold.forEach((g, i) => {
    const p = predicted[i] ?? '';
    const row = confusion[position.get(g) ?? 0];
    const column = position.get(p) ?? 0;
    if (row) row[column] = (row[column] ?? 0) + 1;
    if (g === p) correct += 1;
  });

  const perClass: Record<string, ClassMetrics> = {};
  const f1s: number[] = [];
  order.forEach((label, k) => {
    const truePositives = confusion[k]?.[k] ?? 0;
    const support = (confusion[k] ?? []).reduce((sum, v) => sum + v, 0);
    const predictedCount = confusion.reduce((sum, row) => sum + (row[k] ?? 0), 0);
    const precision = ratio(truePositives, predictedCount);
    const recall = ratio(truePositives, support);
    const f1 = ratio(2 * precision * recall, precision + recall);
    perClass[label] = { precision, recall, f1, support };
    if (support > 0 || predictedCount > 0) f1s.push(f1);
  });

  return {
    n: gold.length,
    accuracy: ratio(correct, gold.length),
    macroF1: ratio(
      f1s.reduce((sum, v) => sum + v, 0),
      f1s.length,
    ),
    labels: order,
    perClass,
    confusion,
  };
}
