/**
 * The lexicon evidence the embedded model uses as features (`FeatureConfig.lexicon`), taken from
 * the scorer the lexicon engine uses, so both read the same AFINN / French lists and negation
 * rules. Training and prediction must call this same function: retrain the model after changing
 * the lexicons (a unit test compares the shipped model's fingerprint with this code's output).
 */
import type { LexiconSignal } from '../text-features';
import { lexiconEvidence } from './lexicon-evidence';

export function lexiconSignal(text: string, lang: string): LexiconSignal {
  const primary = lang.toLowerCase().slice(0, 2);
  if (primary === 'fr' || primary === 'en') return lexiconEvidence(text, primary);
  // Unknown language: the product is FR/EN first, so keep the stronger of the two readings.
  const en = lexiconEvidence(text, 'en');
  const fr = lexiconEvidence(text, 'fr');
  return fr.positive + fr.negative > en.positive + en.negative ? fr : en;
}

/** Canary texts whose signal the model file records, to detect a lexicon changed since training. */
export const LEXICON_CANARIES: readonly { text: string; lang: string }[] = [
  { text: 'Très déçu, colis jamais reçu et personne ne répond', lang: 'fr' },
  { text: 'Livraison rapide, rien à redire, merci !', lang: 'fr' },
  { text: 'Pas mal du tout mais un peu cher', lang: 'fr' },
  { text: 'Worst airline ever, still waiting for my refund', lang: 'en' },
  { text: 'Not bad at all, the crew was lovely 😀', lang: 'en' },
];

/** A short digest of the lexicon's answers on the canaries. */
export function lexiconFingerprint(): string {
  return LEXICON_CANARIES.map(({ text, lang }) => {
    const { positive, negative, hits } = lexiconSignal(text, lang);
    return `${positive.toFixed(3)}/${negative.toFixed(3)}/${hits}`;
  }).join(';');
}
