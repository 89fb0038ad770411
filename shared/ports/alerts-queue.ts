// Namespace import: lets esbuild tree-shake zod.
import * as z from 'zod';

/** Cells per alerts-queue message: a batch that touched more is announced in several messages. */
export const CELLS_PER_MESSAGE = 200;

/** One aggregate cell a processed batch touched: what the evaluator re-assesses. */
export const TouchedCellSchema = z.object({ series: z.string().min(1), window: z.iso.datetime({ offset: true }) });
export type TouchedCell = z.infer<typeof TouchedCellSchema>;

/** The alerts queue's message, from the processor (producer) to the alert evaluator (consumer). */
export const TouchedCellsMessageSchema = z.object({
  v: z.literal(1),
  cells: z.array(TouchedCellSchema).max(CELLS_PER_MESSAGE),
});
export type TouchedCellsMessage = z.infer<typeof TouchedCellsMessageSchema>;

/** Tells the alert evaluator which aggregate cells changed. */
export interface AlertsQueue {
  publish(cells: readonly TouchedCell[]): Promise<void>;
}
