/**
 * Text → hashed sparse features for the embedded FR/EN sentiment model. Pure, no I/O.
 *
 * The same function runs at training time and in the Lambda, so the model file records the
 * `FeatureConfig` it was trained with and `FEATURES_VERSION` guards the code that reads it.
 *
 * Normalisation: lower case, URLs / e-mails / @handles to placeholders, typographic apostrophes,
 * accent folding (customers often type without accents), elongations cut to two letters
 * ("soooo" → "soo", "!!!!" → "!!"), digit runs to "0", French elision split off ("l'avion" →
 * "l'" + "avion"), emoji and emoticons kept as tokens. Negation scope: the words after a negator
 * ("ne … pas", "jamais", "sans", "not", "never", "n't", …) up to punctuation, a contrast word or
 * `negationScope` words are hashed in a separate space, so "pas satisfait" is not "satisfait".
 *
 * Features: word unigrams and bigrams, character n-grams (charMin..charMax) of each word with
 * its boundaries ("<colis>"), one bias per language and one overall. Each occurrence counts
 * 1/√(number of occurrences), so long reviews and short tweets live on the same scale.
 */

/** Bumped whenever tokens or hashes change: a model trained with another version must not load. */
export const FEATURES_VERSION = 1;

export interface FeatureConfig {
  /** log2 of the number of hash buckets. */
  bucketBits: number;
  charMin: number;
  charMax: number;
  wordBigrams: boolean;
  /** Words marked as negated after a negator, at most. */
  negationScope: number;
  /** Weight of character n-grams relative to word features. */
  charWeight: number;
  /**
   * Adds language-independent features from a polarity lexicon's evidence (see `LexiconSignal`):
   * what English airline complaints teach about "a strongly negative word" then carries over to
   * French customer feedback, whose vocabulary the training data barely has.
   */
  lexicon: boolean;
}

/** Polarity evidence from a lexicon (AFINN scale, negation applied), computed by the caller. */
export interface LexiconSignal {
  positive: number;
  negative: number;
  hits: number;
}

export type LexiconSource = (text: string, lang: string) => LexiconSignal;

export const DEFAULT_FEATURE_CONFIG: Readonly<FeatureConfig> = {
  bucketBits: 18,
  charMin: 3,
  charMax: 5,
  wordBigrams: true,
  negationScope: 4,
  charWeight: 0.5,
  lexicon: true,
};

/** Reusable output buffer: featurising allocates nothing per document once it has grown. */
export class FeatureBuffer {
  indices: Int32Array;
  values: Float32Array;
  size = 0;

  constructor(capacity = 1024) {
    this.indices = new Int32Array(capacity);
    this.values = new Float32Array(capacity);
  }

  push(index: number, value: number): void {
    if (this.size === this.indices.length) {
      const indices = new Int32Array(this.size * 2);
      indices.set(this.indices);
      const values = new Float32Array(this.size * 2);
      values.set(this.values);
      this.indices = indices;
      this.values = values;
    }
    this.indices[this.size] = index;
    this.values[this.size] = value;
    this.size += 1;
  }
}

// ---------------------------------------------------------------------------
// Normalisation

/** Accent folding for Latin-1 and Latin Extended-A/B, computed once: cheaper than NFD per text. */
const FOLD: readonly string[] = (() => {
  const table: string[] = [];
  for (let code = 0; code < 0x250; code += 1) {
    const char = String.fromCharCode(code);
    table.push(char.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
  }
  table[0xdf] = 'ss';
  table[0xe6] = 'ae';
  table[0x153] = 'oe';
  return table;
})();

function foldAccents(text: string): string {
  return text.replace(/[\u00c0-\u024f]/g, (char) => FOLD[char.charCodeAt(0)] ?? char);
}

const URL_PATTERN = /\bhttps?:\/\/\S+|\bwww\.\S+|\bhttps?\b/g;
const EMAIL_PATTERN = /[\w.+-]+@[\w-]+\.[\w.-]+/g;
const HANDLE_PATTERN = /@\w+/g;

/** Lower-cased, placeholders for URLs/e-mails/handles, accents folded, elongations and digits squeezed. */
export function normaliseText(text: string): string {
  let out = text.toLowerCase();
  // The guards skip regexes that would otherwise be tried at every position of most texts.
  if (out.includes('http') || out.includes('www.')) out = out.replace(URL_PATTERN, ' xxurl ');
  if (out.includes('@')) out = out.replace(EMAIL_PATTERN, ' xxemail ').replace(HANDLE_PATTERN, ' xxuser ');
  return foldAccents(out.replace(/[’‘`´ʼ]/g, "'"))
    .replace(/(.)\1{2,}/g, '$1$1')
    .replace(/\d+/g, '0');
}

// ---------------------------------------------------------------------------
// Tokens

export type TokenKind = 'word' | 'symbol' | 'break';

export interface Token {
  text: string;
  kind: TokenKind;
  negated: boolean;
}

const TOKEN_PATTERN =
  /(<3|[:;=][-o^']?[)(\]\[dpo3/\\|*@$]+|[)(\]\[][-o^']?[:;=])|([a-z0-9\u00df-\u024f]+(?:'[a-z0-9\u00df-\u024f]+)*'?)|(\p{Extended_Pictographic}|[!?]+)|([.,;:…\n]+)/gu;

const ELISION = /^(l|d|j|qu|n|c|s|m|t|jusqu|lorsqu|puisqu)'(.+)$/;

const POSITIVE_EMOTICON = /^(?:<3|[:;=][-o^']?[)\]dp3*]+|[(\[][-o^']?[:;=])$/;

const NEGATORS: ReadonlySet<string> = new Set([
  // French (accents folded): "ne … pas", "n'… jamais", "sans", "aucun", "ni".
  'ne', "n'", 'pas', 'jamais', 'rien', 'aucun', 'aucune', 'sans', 'non', 'ni', 'guere', 'nul', 'nulle',
  // English: "not", "never", "n't" and its apostrophe-less tweet spellings.
  'not', 'no', 'never', 'nothing', 'nobody', 'none', 'neither', 'nor', 'without', 'cannot',
  'dont', 'cant', 'wont', 'didnt', 'doesnt', 'isnt', 'wasnt', 'arent', 'werent', 'havent',
  'hasnt', 'hadnt', 'couldnt', 'wouldnt', 'shouldnt', 'aint', 'nope',
]);

/** A contrast ends a negation: "pas cher mais lent". */
const SCOPE_ENDERS: ReadonlySet<string> = new Set(['mais', 'but', 'however', 'cependant', 'pourtant', 'sauf', 'except', 'although', 'though']);

function isNegator(word: string): boolean {
  return NEGATORS.has(word) || word.endsWith("n't");
}

/** Tokens of a normalised text, with negation scope marked. Exported for tests and the model card. */
export function tokenize(normalised: string, negationScope: number = DEFAULT_FEATURE_CONFIG.negationScope): Token[] {
  const tokens: Token[] = [];
  let scopeLeft = 0;
  const pushWord = (word: string) => {
    if (isNegator(word)) {
      tokens.push({ text: word, kind: 'word', negated: false });
      scopeLeft = negationScope;
      return;
    }
    if (SCOPE_ENDERS.has(word)) scopeLeft = 0;
    tokens.push({ text: word, kind: 'word', negated: scopeLeft > 0 });
    if (scopeLeft > 0) scopeLeft -= 1;
  };
  for (const match of normalised.matchAll(TOKEN_PATTERN)) {
    const [, emoticon, word, symbol, punctuation] = match;
    if (word !== undefined) {
      const elided = word.includes("'") ? ELISION.exec(word) : null;
      if (elided?.[1] !== undefined && elided[2] !== undefined) {
        pushWord(`${elided[1]}'`);
        pushWord(elided[2]);
      } else pushWord(word);
    } else if (emoticon !== undefined) {
      tokens.push({ text: POSITIVE_EMOTICON.test(emoticon) ? 'xxsmile' : 'xxfrown', kind: 'symbol', negated: false });
      scopeLeft = 0;
    } else if (symbol !== undefined) {
      tokens.push({ text: symbol.length > 2 ? symbol.slice(0, 2) : symbol, kind: 'symbol', negated: false });
      scopeLeft = 0;
    } else if (punctuation !== undefined) {
      tokens.push({ text: punctuation.charAt(0), kind: 'break', negated: false });
      scopeLeft = 0;
    }
  }
  return tokens;
}

// ---------------------------------------------------------------------------
// Hashing (FNV-1a, 32 bits, a different seed per feature family)

const FNV_PRIME = 0x01000193;
const SEED_WORD = 0x811c9dc5;
const SEED_NEGATED_WORD = 0x3b9aca07;
const SEED_BIGRAM = 0x2545f491;
const SEED_CHAR = 0x9e3779b1;
const SEED_NEGATED_CHAR = 0x7f4a7c15;
const SEED_BIAS = 0x632be5ab;

export function hashString(text: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ (b >>> 16), 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Languages with their own bias; anything else shares one. */
export function featureLanguage(lang: string): 'fr' | 'en' | 'other' {
  const primary = lang.toLowerCase().slice(0, 2);
  return primary === 'fr' || primary === 'en' ? primary : 'other';
}

const BOUNDARY = 0x3c; // '<' and '>' read the same to the hash: only position matters
const codes = new Int32Array(256);

/**
 * Appends the features of `text` to `out` (cleared first) as bucket indices with values.
 * Duplicated indices are allowed; the model sums them.
 */
export function extractFeatures(
  text: string,
  lang: string,
  config: FeatureConfig,
  out: FeatureBuffer,
  lexicon?: LexiconSource,
): void {
  out.size = 0;
  const mask = (1 << config.bucketBits) - 1;
  const tokens = tokenize(normaliseText(text), config.negationScope);

  let wordCount = 2; // the two biases
  let charCount = 0;
  for (const token of tokens) {
    wordCount += config.wordBigrams ? 2 : 1;
    if (token.kind === 'word') {
      const length = Math.min(token.text.length + 2, codes.length);
      const grams = Math.min(config.charMax, length) >= config.charMin ? countCharGrams(length, config) : 0;
      charCount += grams;
    }
  }
  const wordValue = 1 / Math.sqrt(wordCount);
  const charValue = charCount > 0 ? config.charWeight / Math.sqrt(charCount) : 0;

  out.push(hashString('__bias', SEED_BIAS) & mask, wordValue);
  out.push(hashString(`__lang:${featureLanguage(lang)}`, SEED_BIAS) & mask, wordValue);

  if (config.lexicon) {
    if (!lexicon) throw new TypeError('This feature configuration needs a lexicon source');
    pushLexiconFeatures(lexicon(text, lang), featureLanguage(lang), mask, out);
  }

  let previous = hashString('<s>', SEED_WORD);
  for (const token of tokens) {
    const wordHash = hashString(token.text, token.negated ? SEED_NEGATED_WORD : SEED_WORD);
    out.push(wordHash & mask, wordValue);
    if (config.wordBigrams) out.push(mix(previous ^ SEED_BIGRAM, wordHash) & mask, wordValue);
    previous = wordHash;
    if (token.kind !== 'word' || charValue === 0) continue;

    const word = token.text;
    const length = Math.min(word.length + 2, codes.length);
    codes[0] = BOUNDARY;
    for (let i = 1; i < length - 1; i += 1) codes[i] = word.charCodeAt(i - 1);
    codes[length - 1] = BOUNDARY;
    const seed = token.negated ? SEED_NEGATED_CHAR : SEED_CHAR;
    for (let start = 0; start + config.charMin <= length; start += 1) {
      let h = seed;
      const end = Math.min(length, start + config.charMax);
      for (let k = start; k < end; k += 1) {
        h = Math.imul(h ^ (codes[k] ?? 0), FNV_PRIME);
        if (k - start + 1 >= config.charMin) out.push((h >>> 0) & mask, charValue);
      }
    }
  }
  if (config.wordBigrams) out.push(mix(previous ^ SEED_BIGRAM, hashString('</s>', SEED_WORD)) & mask, wordValue);
}

const LEXICON_BINS = [-0.75, -0.5, -0.25, -0.05, 0.05, 0.25, 0.5, 0.75];
const LEXICON_FEATURES = {
  positive: hashString('__lex:positive', SEED_BIAS),
  negative: hashString('__lex:negative', SEED_BIAS),
  none: hashString('__lex:none', SEED_BIAS),
  bins: LEXICON_BINS.concat(Infinity).map((_, i) => hashString(`__lex:bin${i}`, SEED_BIAS)),
};

/**
 * Lexicon evidence as a few dense features shared by all languages (the point: they transfer),
 * plus the compound score's bin per language, since the two lexicons are not equally reliable.
 */
function pushLexiconFeatures(signal: LexiconSignal, language: string, mask: number, out: FeatureBuffer): void {
  const net = signal.positive - signal.negative;
  // VADER's normalisation, as in the lexicon engine: one strong word ≈ ±0.6.
  const compound = net / Math.sqrt(net * net + 15);
  if (signal.hits === 0) {
    out.push(LEXICON_FEATURES.none & mask, 1);
    return;
  }
  out.push(LEXICON_FEATURES.positive & mask, Math.log1p(signal.positive));
  out.push(LEXICON_FEATURES.negative & mask, Math.log1p(signal.negative));
  let bin = 0;
  while (bin < LEXICON_BINS.length && compound > (LEXICON_BINS[bin] ?? Infinity)) bin += 1;
  const binHash = LEXICON_FEATURES.bins[bin] ?? 0;
  out.push(binHash & mask, 1);
  out.push(mix(binHash, hashString(language, SEED_BIAS)) & mask, 1);
}

/** Number of n-grams (charMin..charMax) in a string of `length` code units. */
function countCharGrams(length: number, config: FeatureConfig): number {
  let total = 0;
  for (let n = config.charMin; n <= config.charMax; n += 1) total += Math.max(0, length - n + 1);
  return total;
}
