/**
 * The lexicons the evidence scorer looks words up in:
 *
 * - English: AFINN-165 as shipped by the `sentiment` package (plus its emoji
 *   ranking), with a small customer-service supplement.
 * - French: the Pattern (CLiPS) French adjective lexicon as shipped, stemmed,
 *   by `@nlpjs/lang-fr` (MIT), looked up through the same Snowball stemmer,
 *   plus a customer-service supplement (delivery, refunds, waiting, staff).
 */
// @ts-expect-error -- @nlpjs/lang-fr publishes no type declarations; typed below. The stemmer's
// own file, not the package index, which bundles a second copy of the Pattern lexicon (20 KB).
import UntypedStemmerFr from '@nlpjs/lang-fr/src/stemmer-fr';
import patternFr from '@nlpjs/lang-fr/src/sentiment/pattern_fr.json' with { type: 'json' };
// Through the package's CommonJS entry, not a JSON import: tsx turns JSON imports into one
// `var` per key, and AFINN has the key "await", a reserved word in ES modules.
import englishLanguage from 'sentiment/languages/en/index.js';
import emojiRanking from 'sentiment/build/emoji.json' with { type: 'json' };
import { ENGLISH_SUPPLEMENT } from './english-lexicon';
import { FRENCH_SUPPLEMENT, PATTERN_FR_STOP } from './french-lexicon';
import type { LexiconLanguage } from './lexicon-language';
import { NEGATORS } from './sentiment-rule-words';

type Lexicon = ReadonlyMap<string, number>;

const frenchStemmer: { stem(word: string): string } = new UntypedStemmerFr();

/** Pattern scores are -1..1 and many are near 0: keep clear ones, rescale to AFINN. */
function frenchPatternLexicon(): Map<string, number> {
  const stems = new Map<string, number>();
  for (const [stem, polarity] of Object.entries(patternFr as Record<string, number>)) {
    if (Math.abs(polarity) < 0.25 || PATTERN_FR_STOP.has(stem)) continue;
    stems.set(stem, Math.round(polarity * 4 * 10) / 10);
  }
  return stems;
}

function toMap(entries: Record<string, number>, key: (w: string) => string = (w) => w): Map<string, number> {
  return new Map(Object.entries(entries).map(([w, v]) => [key(w), v]));
}

export const EMOJI: Lexicon = toMap(emojiRanking as Record<string, number>);

const ENGLISH: Lexicon = new Map([...Object.entries((englishLanguage as { labels: Record<string, number> }).labels), ...Object.entries(ENGLISH_SUPPLEMENT)]);
const FRENCH_WORDS: Lexicon = toMap(FRENCH_SUPPLEMENT);
const FRENCH_STEMS: Lexicon = frenchPatternLexicon();

interface Phrase {
  words: readonly string[];
  value: number;
  negated: boolean;
}

function phraseIndex(lexicon: Lexicon, negators: ReadonlySet<string>): Map<string, Phrase[]> {
  const index = new Map<string, Phrase[]>();
  for (const [entry, value] of lexicon) {
    if (!entry.includes(' ')) continue;
    const words = entry.split(' ');
    const first = words[0] ?? '';
    const phrases = index.get(first) ?? [];
    phrases.push({ words, value, negated: words.some((w) => negators.has(w)) });
    phrases.sort((a, b) => b.words.length - a.words.length);
    index.set(first, phrases);
  }
  return index;
}

export const PHRASES: Record<LexiconLanguage, Map<string, Phrase[]>> = {
  en: phraseIndex(ENGLISH, NEGATORS.en),
  fr: phraseIndex(FRENCH_WORDS, new Set([...NEGATORS.fr, "n'"])),
  none: new Map(),
};

export function wordValue(word: string, lang: LexiconLanguage): number | undefined {
  if (lang === 'en') return ENGLISH.get(word);
  if (lang === 'fr') {
    const direct = FRENCH_WORDS.get(word);
    if (direct !== undefined) return direct;
    if (word.length < 3) return undefined;
    return FRENCH_STEMS.get(frenchStemmer.stem(word));
  }
  return undefined;
}
