/** The one port every sentiment engine (comprehend, lexicon, embedded, hybrid) implements. */
import type { SentimentLabel } from '../domain/sentiment';

export interface SentimentScores {
  positive: number;
  neutral: number;
  negative: number;
  mixed: number;
}

export interface SentimentResult {
  label: SentimentLabel;
  /** Probability-like confidence of `label`, 0..1. */
  confidence: number;
  scores: SentimentScores;
}

export interface SentimentInput {
  text: string;
  /** ISO 639-1 code ('en', 'fr', …) or 'und' when unknown. */
  lang: string;
}

export interface SentimentEngine {
  readonly name: string;
  /**
   * Which model scores, as stored with each item (`sentimentModel`) and recorded on the
   * aggregates: a new id means new scores, so the alert rules stop comparing with a baseline
   * another model scored. Engines without one are known by their name.
   */
  readonly modelId?: string;
  /** Results are in the same order as the inputs; one result per input. */
  classify(inputs: readonly SentimentInput[]): Promise<SentimentResult[]>;
}

export interface DetectedLanguage {
  /** ISO 639-1 code, or 'und' when the text is too short or ambiguous. */
  lang: string;
  confidence: number;
}

export interface LanguageDetector {
  detect(text: string): DetectedLanguage;
}
