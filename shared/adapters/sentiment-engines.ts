/** Picks the sentiment engine named in configuration; the only place that knows every engine. */
import type { ComprehendClient } from '@aws-sdk/client-comprehend';
// zod/mini: the enum alone costs ~9 kB minified where classic zod costs ~440 kB; both interoperate.
import * as z from 'zod/mini';
import type { SentimentEngine } from '../ports/sentiment';
import { ComprehendSentimentEngine, type ComprehendSentimentOptions } from './comprehend-sentiment';
import { EmbeddedSentimentEngine, type EmbeddedSentimentOptions } from './embedded-sentiment';
import { HybridSentimentEngine, type HybridSentimentOptions } from './hybrid-sentiment';
import { LexiconSentimentEngine, type LexiconSentimentOptions } from './lexicon-sentiment';

export const SENTIMENT_ENGINE_NAMES = ['comprehend', 'lexicon', 'embedded', 'hybrid'] as const;
export const SentimentEngineName = z.enum(SENTIMENT_ENGINE_NAMES);
export type SentimentEngineName = z.infer<typeof SentimentEngineName>;

export interface SentimentEngineDeps {
  comprehend?: ComprehendClient;
  comprehendOptions?: ComprehendSentimentOptions;
  lexiconOptions?: LexiconSentimentOptions;
  embeddedOptions?: EmbeddedSentimentOptions;
  /** Default threshold: the shipped model's, chosen on the development set (see models/MODEL_CARD.md). */
  hybridOptions?: Partial<HybridSentimentOptions>;
}

/** The configuration names an engine whose dependencies were not provided. */
export class SentimentEngineConfigError extends Error {
  override readonly name = 'SentimentEngineConfigError';
}

function comprehendEngine(name: SentimentEngineName, deps: SentimentEngineDeps): ComprehendSentimentEngine {
  if (!deps.comprehend) {
    throw new SentimentEngineConfigError(`Sentiment engine '${name}' needs a ComprehendClient (deps.comprehend)`);
  }
  return new ComprehendSentimentEngine(deps.comprehend, deps.comprehendOptions);
}

export function createSentimentEngine(name: SentimentEngineName, deps: SentimentEngineDeps = {}): SentimentEngine {
  switch (name) {
    case 'comprehend':
      return comprehendEngine(name, deps);
    case 'lexicon':
      return new LexiconSentimentEngine(deps.lexiconOptions);
    case 'embedded':
      return new EmbeddedSentimentEngine(deps.embeddedOptions);
    case 'hybrid': {
      const comprehend = comprehendEngine(name, deps);
      const embedded = new EmbeddedSentimentEngine(deps.embeddedOptions);
      return new HybridSentimentEngine(embedded, comprehend, {
        threshold: embedded.suggestedHybridThreshold,
        ...deps.hybridOptions,
      });
    }
  }
}
