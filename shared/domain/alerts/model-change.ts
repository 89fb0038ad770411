/**
 * Whether a window's sentiment can be compared with its baseline. A new sentiment model moves
 * every index (a better French model turns "problème réglé en 5 minutes" from negative to
 * positive), so on the day it is deployed the window and its baseline measure different things:
 * a drop would be the model's, not the customers'. The aggregate rows record the models that
 * scored their items; `customer-voice recompute --rescore` re-scores the history with the
 * current model, after which every window carries it and the rules compare again.
 */

/** What the alert rules know of who scored a window: its item count and the models, when recorded. */
export interface ScoredWindow {
  /** Items counted in the window. */
  count: number;
  /** The models that scored them; absent on rows written before models were recorded. */
  models?: readonly string[];
}

/** Why the sentiment rules do not judge a window scored by another model than its baseline. */
export const MODEL_CHANGED_REASON = 'the sentiment model changed; the baseline was scored by another model (run customer-voice recompute --rescore)';

/**
 * True when every baseline window with items was scored by (at least) each model that scored
 * the current window. False when a model of the current window is missing from a baseline
 * window (a new model started), or when a baseline window with items records no model while
 * the current one does (scored before models were recorded: by an unknown, likely older,
 * model). A current window that records no model is judged as before, so data written before
 * models were recorded keeps working; windows without items say nothing and are ignored.
 */
export function sentimentComparable(current: ScoredWindow | undefined, baseline: readonly (ScoredWindow | undefined)[]): boolean {
  const now = current && current.count > 0 ? (current.models ?? []) : [];
  if (now.length === 0) return true;
  return baseline.every((window) => {
    if (!window || window.count === 0) return true;
    const then = new Set(window.models ?? []);
    return then.size > 0 && now.every((model) => then.has(model));
  });
}
