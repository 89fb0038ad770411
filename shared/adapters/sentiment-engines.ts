/** Picks the sentiment engine named in configuration; the only place that knows every engine. */
import type { ComprehendClient } from '@aws-sdk/client-comprehend';
// zod/mini: the enum alone costs ~9 kB minified where classic zod costs ~440 kB; both interoperate.
import * as z from 'zod/mini';
import type { SentimentEngine } from '../ports/sentiment';
import { ComprehendSentimentEngine, type ComprehendSentimentOptions } from './comprehend-sentiment';
import { LexiconSentimentEngine, type LexiconSentimentOptions } from './lexicon-sentiment';

export const SENTIMENT_ENGINE_NAMES = ['comprehend', 'lexicon'] as const;
export const SentimentEngineName = z.enum(SENTIMENT_ENGINE_NAMES);
export type SentimentEngineName = z.infer<typeof SentimentEngineName>;

export interface SentimentEngineDeps {
  comprehend?: ComprehendClient;
  comprehendOptions?: ComprehendSentimentOptions;
  lexiconOptions?: LexiconSentimentOptions;
}

/** The configuration names an engine whose dependencies were not provided. */
export class SentimentEngineConfigError extends Error {
  override readonly name = 'SentimentEngineConfigError';
}

export function createSentimentEngine(name: SentimentEngineName, deps: SentimentEngineDeps = {}): SentimentEngine {
  switch (name) {
    case 'comprehend':
      if (!deps.comprehend) {
        throw new SentimentEngineConfigError("Sentiment engine 'comprehend' needs a ComprehendClient (deps.comprehend)");
      }
      return new ComprehendSentimentEngine(deps.comprehend, deps.comprehendOptions);
    case 'lexicon':
      return new LexiconSentimentEngine(deps.lexiconOptions);
  }
}
