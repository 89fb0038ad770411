/**
 * Tokens and Snowball stems for matching configured terms against customer text, FR and EN.
 *
 * The stemmers are the Snowball ports shipped by nlp.js (MIT): `@nlpjs/lang-fr` (already used by
 * the lexicon sentiment engine) and `@nlpjs/lang-en-min`. Their files are imported directly, not
 * through the packages' index, which would also pull in sentiment lexicons.
 */
// @ts-expect-error -- nlp.js publishes no type declarations; typed by `SnowballStemmer` below.
import UntypedStemmerFr from '@nlpjs/lang-fr/src/stemmer-fr';
// @ts-expect-error -- idem.
import UntypedStemmerEn from '@nlpjs/lang-en-min/src/stemmer-en';

export type StemLanguage = 'en' | 'fr';
export const STEM_LANGUAGES: readonly StemLanguage[] = ['en', 'fr'];

interface SnowballStemmer {
  setCurrent(word: string): void;
  innerStem(): void;
  getCurrent(): string;
}

const stemmers: Record<StemLanguage, SnowballStemmer> = {
  en: new UntypedStemmerEn() as SnowballStemmer,
  fr: new UntypedStemmerFr() as SnowballStemmer,
};

// The library's own cache never forgets; a warm Lambda sees an open-ended vocabulary, so this
// bounded one replaces it (the Snowball state machine is called directly).
const MAX_CACHED_WORDS = 50_000;
const stemCache: Record<StemLanguage, Map<string, readonly string[]>> = { en: new Map(), fr: new Map() };

function snowball(lang: StemLanguage, word: string): string {
  const stemmer = stemmers[lang];
  stemmer.setCurrent(word);
  stemmer.innerStem();
  return stemmer.getCurrent();
}

/** Lower case, accents removed, ligatures opened: "Œuvre" → "oeuvre". Single tokens or whole text. */
export function foldAccents(text: string): string {
  // Most words are plain ASCII: skip the Unicode normalisation for them (it dominates the cost).
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase();
  return text
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
}

/**
 * Customers type "livree" as often as "livrée"; Snowball stems the two differently ("livr",
 * "livre"). Stemming the folded word and dropping a final "e" makes the unaccented spellings meet.
 */
function frenchAfterFold(stem: string): string {
  return stem.length > 3 && stem.endsWith('e') ? stem.slice(0, -1) : stem;
}

/**
 * The stems a word may match under: the stem of the accented word (folded afterwards) and the stem
 * of the folded word. Both sides of a match (configured terms and customer text) use this, so a
 * term matches whether or not either side was typed with accents.
 */
export function stemVariants(word: string, lang: StemLanguage): readonly string[] {
  const cache = stemCache[lang];
  const cached = cache.get(word);
  if (cached) return cached;
  const folded = foldAccents(word);
  let variants: readonly string[];
  if (lang === 'fr') {
    const ofFolded = frenchAfterFold(snowball('fr', folded));
    const ofAccented = folded === word ? ofFolded : frenchAfterFold(foldAccents(snowball('fr', word)));
    variants = ofAccented === ofFolded ? [ofFolded] : [ofAccented, ofFolded];
  } else {
    variants = [snowball('en', folded)];
  }
  if (cache.size >= MAX_CACHED_WORDS) cache.clear();
  cache.set(word, variants);
  return variants;
}

// French elision: l'appli, d'attente, qu'on, jusqu'à. Only at the start of a word, so English
// "don't" and "customers'" are left alone (they split into harmless tokens).
const ELISION = /(^|[^\p{L}\p{N}])(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’‘`´](?=\p{L})/giu;
const NON_WORD = /[^\p{L}\p{N}]+/u;

/** Lower case, composed accents, elided articles dropped: the text tokens are cut from. */
export function prepareForTokens(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(ELISION, '$1 ');
}

/** Lower-cased words (accents kept, elided articles dropped), in order. Whole words only. */
export function tokenize(text: string): string[] {
  return prepareForTokens(text)
    .split(NON_WORD)
    .filter((t) => t.length > 0);
}

// Function words that are frequent, unambiguous between the two languages, and survive folding.
const FRENCH_MARKERS = new Set(
  (
    'le la les un une des du de et est je pas ne mon ma mes vous nous pour avec sur dans que qui ce ' +
    'cette ai au aux tres mais ou toujours depuis votre vos sont ete rien jamais apres merci bonjour ' +
    'suis ca il elle ils avez etait fait'
  ).split(' '),
);
const ENGLISH_MARKERS = new Set(
  (
    'the and is are was were my to of for with in it this that not you we have has been but your our ' +
    'at from no still never after thanks hello because i am very so they their by what please'
  ).split(' '),
);

/**
 * The language(s) to match an item in, from its tokens folded by `foldAccents`. A declared
 * language ("fr", "fr-FR", "en") wins; otherwise function words decide; a tie (too short to tell)
 * matches both.
 */
export function matchingLanguages(foldedTokens: readonly string[], declared?: string): readonly StemLanguage[] {
  const code = declared?.slice(0, 2).toLowerCase();
  if (code === 'fr' || code === 'en') return [code];
  let fr = 0;
  let en = 0;
  for (const folded of foldedTokens) {
    if (FRENCH_MARKERS.has(folded)) fr++;
    if (ENGLISH_MARKERS.has(folded)) en++;
  }
  if (fr > en) return ['fr'];
  if (en > fr) return ['en'];
  return STEM_LANGUAGES;
}
