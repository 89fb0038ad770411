/**
 * Local, dependency-light sentiment engine: lexicons plus a few sound rules
 * (negation scope, intensifiers, contrast), no model file, no network. The lexicons and the
 * evidence scorer are pure and live in `shared/domain/lexicon/`; this engine turns their
 * evidence into a label and calibrated scores.
 *
 * - English and French: AFINN-165 and the Pattern French lexicon, with customer-service supplements.
 * - Other languages: only language-independent evidence (emoji, emoticons);
 *   neutral with low confidence otherwise.
 */
import { createHash } from 'node:crypto';
import { lexiconEvidence, type LexiconEvidence } from '../domain/lexicon/lexicon-evidence';
import { lexiconFingerprint } from '../domain/lexicon/lexicon-signal';
import { lexiconLanguage, type LexiconLanguage } from '../domain/lexicon/lexicon-language';
import type { SentimentLabel } from '../domain/sentiment';
import type {
  SentimentEngine,
  SentimentInput,
  SentimentResult,
  SentimentScores,
} from '../ports/sentiment';

// ---------------------------------------------------------------------------
// From evidence to a label and calibrated scores

export interface LexiconSentimentOptions {
  /** |compound| below this is neutral. 0.2 maximised macro-F1 on train.jsonl (VADER uses 0.05). */
  neutralBand?: number;
  /** Both sides at least this strong (AFINN units) and within `mixedRatio` of each other → mixed. */
  mixedMinimum?: number;
  mixedRatio?: number;
}

const DEFAULTS: Required<LexiconSentimentOptions> = { neutralBand: 0.2, mixedMinimum: 3, mixedRatio: 0.7 };


/**
 * Spreads the mass left by `confidence` over the other labels so that `label` stays the argmax:
 * a polar label leaves most of the rest to neutral; a neutral one splits it by the evidence.
 */
function scoresFor(label: SentimentLabel, confidence: number, positiveShare: number): SentimentScores {
  const rest = 1 - confidence;
  if (label === 'positive') return { positive: confidence, neutral: 0.6 * rest, negative: 0.3 * rest, mixed: 0.1 * rest };
  if (label === 'negative') return { positive: 0.3 * rest, neutral: 0.6 * rest, negative: confidence, mixed: 0.1 * rest };
  if (label === 'mixed') return { positive: 0.4 * rest, neutral: 0.2 * rest, negative: 0.4 * rest, mixed: confidence };
  const share = Math.min(0.7, Math.max(0.3, positiveShare));
  return { positive: 0.9 * rest * share, neutral: confidence, negative: 0.9 * rest * (1 - share), mixed: 0.1 * rest };
}

export class LexiconSentimentEngine implements SentimentEngine {
  readonly name = 'lexicon';
  /** `lexicon-<hash>` of the lexicons' answers on fixed canaries and of the thresholds: changes when either does. */
  readonly modelId: string;
  private readonly options: Required<LexiconSentimentOptions>;

  constructor(options: LexiconSentimentOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
    const { neutralBand, mixedMinimum, mixedRatio } = this.options;
    const digest = createHash('sha256').update(`${lexiconFingerprint()}|${neutralBand}|${mixedMinimum}|${mixedRatio}`).digest('hex');
    this.modelId = `lexicon-${digest.slice(0, 8)}`;
  }

  async classify(inputs: readonly SentimentInput[]): Promise<SentimentResult[]> {
    return inputs.map((input) => this.classifyOne(input));
  }

  classifyOne({ text, lang }: SentimentInput): SentimentResult {
    if (lang.toLowerCase() === 'und') return this.classifyUndetermined(text);
    return this.fromEvidence(lexiconEvidence(text, lang), lexiconLanguage(lang));
  }

  /** Unknown language: the product is FR/EN first, so keep the stronger of the two readings. */
  private classifyUndetermined(text: string): SentimentResult {
    const en = lexiconEvidence(text, 'en');
    const fr = lexiconEvidence(text, 'fr');
    const strength = (e: LexiconEvidence) => e.positive + e.negative;
    return this.fromEvidence(strength(fr) > strength(en) ? fr : en, 'en');
  }

  private fromEvidence(evidence: LexiconEvidence, language: LexiconLanguage): SentimentResult {
    const { neutralBand, mixedMinimum, mixedRatio } = this.options;
    const { positive, negative, hits } = evidence;
    const net = positive - negative;
    // VADER's normalisation: maps the unbounded sum to -1..1 (one strong word ≈ 0.6).
    const compound = net / Math.sqrt(net * net + 15);
    const magnitude = Math.abs(compound);
    const positiveShare = positive + negative > 0 ? positive / (positive + negative) : 0.5;
    const weaker = Math.min(evidence.rawPositive, evidence.rawNegative);

    let label: SentimentLabel;
    let confidence: number;
    if (weaker >= mixedMinimum && weaker / Math.max(evidence.rawPositive, evidence.rawNegative) >= mixedRatio) {
      label = 'mixed';
      confidence = 0.5;
    } else if (magnitude < neutralBand) {
      label = 'neutral';
      // Calibrated on train.jsonl: texts with no rated word are neutral about 40 % of the time,
      // texts whose evidence cancels out far less often.
      confidence = hits === 0 ? 0.45 : 0.4;
    } else {
      label = compound > 0 ? 'positive' : 'negative';
      // Calibrated on train.jsonl: ~0.55 right at the band, ~0.9 for |compound| ≥ 0.9.
      confidence = Math.min(0.95, 0.45 + 0.5 * magnitude);
    }
    // No lexicon for the language: the evidence, if any, came from emoji alone.
    if (language === 'none') confidence = Math.min(confidence, 0.4);
    return { label, confidence, scores: scoresFor(label, confidence, positiveShare) };
  }
}
