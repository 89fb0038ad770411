/**
 * Which Amazon Comprehend operations each sentiment engine makes, in one place: the stack grants
 * exactly these (and refuses a region without Comprehend when the list is not empty), and the
 * processor's entry picks its PII redactor from the same answer.
 *
 * - comprehend: sentiment, and names and addresses through DetectPiiEntities (English, Spanish).
 * - hybrid: sentiment of the items the embedded model is unsure of, nothing else — hybrid exists to
 *   save Comprehend calls, and PII detection would cost three units per English item again.
 * - embedded, lexicon: no Comprehend at all. Language detection is local (tinyld) for every engine.
 */
export const COMPREHEND_OPERATIONS_BY_ENGINE = {
  comprehend: ['BatchDetectSentiment', 'DetectPiiEntities'],
  hybrid: ['BatchDetectSentiment'],
  embedded: [],
  lexicon: [],
} as const satisfies Record<string, readonly string[]>;

export type SentimentEngineChoice = keyof typeof COMPREHEND_OPERATIONS_BY_ENGINE;
export type ComprehendOperation = (typeof COMPREHEND_OPERATIONS_BY_ENGINE)[SentimentEngineChoice][number];

export function comprehendOperationsOf(engine: SentimentEngineChoice): readonly ComprehendOperation[] {
  return COMPREHEND_OPERATIONS_BY_ENGINE[engine];
}

export function redactsWithComprehend(engine: SentimentEngineChoice): boolean {
  return comprehendOperationsOf(engine).includes('DetectPiiEntities');
}
