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
   * Which model produced the labels, stored with each item so that a new model can be told apart
   * (and its items re-scored): embedded `sentiment-fr-en@<hash>`, lexicon `lexicon-<hash>`,
   * `comprehend`, hybrid `<embedded id>+comprehend@<threshold>`. Optional for engines outside this
   * repository (known by their name). A new id also makes the alert rules stop comparing a window
   * with a baseline another model scored.
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
