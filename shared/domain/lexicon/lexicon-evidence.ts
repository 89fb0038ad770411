import { lexiconLanguage } from './lexicon-language';
import { tokenize } from './lexicon-tokenizer';
import { EMOJI, PHRASES, wordValue } from './lexicons';
import { CONTRAST, EMOTICONS, INTENSIFIERS, NEGATORS, STRONG_NEGATORS } from './sentiment-rule-words';

// ---------------------------------------------------------------------------
// Scoring

export interface LexiconEvidence {
  /** Sum of positive contributions, after negation, intensity and contrast. */
  positive: number;
  /** Sum of negative contributions as a positive number. */
  negative: number;
  /** The same sums before contrast weighting: "mixed" is about both being said, not which came last. */
  rawPositive: number;
  rawNegative: number;
  /** Number of rated words or phrases. */
  hits: number;
}

const NEGATION_SCOPE = 3;
/**
 * A negated word keeps part of its strength, and a negated praise reads as a complaint more than a
 * negated complaint reads as praise ("pas satisfait" ≈ unhappy; "not bad" is faint praise).
 */
const NEGATED_POSITIVE = -1;
const NEGATED_NEGATIVE = -0.75;

/** Sums lexicon evidence over one text; exported for evaluation scripts and tests. */
export function lexiconEvidence(text: string, langCode: string): LexiconEvidence {
  const lang = lexiconLanguage(langCode);
  const tokens = tokenize(text, lang);
  const negators = NEGATORS[lang];
  const contributions: { value: number; clause: number }[] = [];
  let clause = 0;
  let contrastClause = -1;
  let negationLeft = 0;
  let negationHit = false;
  let strongNegation = false;
  let intensity = 1;
  let intensityLeft = 0;

  const finishNegation = () => {
    if (strongNegation && !negationHit) contributions.push({ value: -1, clause });
    negationLeft = 0;
    negationHit = false;
    strongNegation = false;
  };
  const closeNegation = () => {
    if (negationLeft > 0) finishNegation();
  };
  const tickNegation = () => {
    if (negationLeft === 0) return;
    negationLeft -= 1;
    if (negationLeft === 0) finishNegation();
  };
  const add = (value: number, negatable: boolean) => {
    let v = value * (intensityLeft > 0 ? intensity : 1);
    if (negatable && negationLeft > 0) {
      v *= v > 0 ? NEGATED_POSITIVE : NEGATED_NEGATIVE;
      negationHit = true;
    }
    contributions.push({ value: v, clause });
  };

  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    if (!token) continue;
    if (token.kind === 'break') {
      closeNegation();
      intensityLeft = 0;
      clause += 1;
      continue;
    }
    if (token.kind === 'emoji') {
      const v = EMOJI.get(token.text) ?? EMOJI.get(token.text.replace(/\uFE0F/g, ''));
      if (v !== undefined) contributions.push({ value: v, clause });
      continue;
    }
    const word = token.text;
    const phrase = PHRASES[lang].get(word)?.find((p) => p.words.every((w, k) => tokens[i + k]?.text === w));
    if (phrase) {
      add(phrase.value, !phrase.negated);
      i += phrase.words.length - 1;
      if (phrase.negated) {
        // "toujours pas remboursé": the negation in the phrase also covers what follows.
        negationLeft = NEGATION_SCOPE;
        negationHit = true;
      } else tickNegation();
      if (intensityLeft > 0) intensityLeft -= 1;
      continue;
    }
    if (CONTRAST.has(word)) {
      closeNegation();
      clause += 1;
      contrastClause = clause;
      continue;
    }
    if (negators.has(word)) {
      negationLeft = NEGATION_SCOPE;
      strongNegation ||= STRONG_NEGATORS.has(word);
      continue;
    }
    const boost = INTENSIFIERS[lang].get(word);
    if (boost !== undefined) {
      intensity = boost;
      intensityLeft = 2;
      continue;
    }
    const value = wordValue(word, lang);
    if (value !== undefined && value !== 0) add(value, true);
    tickNegation();
    if (intensityLeft > 0) intensityLeft -= 1;
  }
  closeNegation();
  for (const [pattern, value] of EMOTICONS) {
    for (const _ of text.matchAll(pattern)) contributions.push({ value, clause: -1 });
  }

  let positive = 0;
  let negative = 0;
  let rawPositive = 0;
  let rawNegative = 0;
  for (const { value, clause: c } of contributions) {
    if (value > 0) rawPositive += value;
    else rawNegative -= value;
    // After "but"/"mais" the speaker's point follows; what came before counts less.
    const weight = contrastClause < 0 || c < 0 ? 1 : c >= contrastClause ? 1.5 : 0.5;
    if (value > 0) positive += value * weight;
    else negative -= value * weight;
  }
  return { positive, negative, rawPositive, rawNegative, hits: contributions.length };
}
