/**
 * The salient phrases of one item's redacted text, FR and EN, with no model: content words and
 * 2–3-word phrases, keyed by their Snowball stems, accent-folded and lower case, so "colis",
 * "le colis" and "Colis abîmés" meet on "colis" (and "colis abim"). Pure and deterministic.
 *
 * - Clauses: punctuation, line breaks and redaction placeholders (`[EMAIL]`, `[NAME]`…) cut the
 *   text; a phrase never spans two clauses, and a placeholder is never part of one.
 * - Content words: at least two letters, no digit (amounts, order ids, postcodes are not topics),
 *   not a stop word of the language (stop-words.ts).
 * - Phrases: 2 or 3 consecutive content words of a clause; up to two bridge words ("de la",
 *   "at", "with the") may sit between two of them, any other word breaks the phrase.
 * - Salience: how often the key occurs in the item, then where it first occurs. Words and phrases
 *   alternate (word, phrase, word…) so a phrase always comes with the words it is read with,
 *   longer phrases first at equal count; at most MAX_TOPICS_PER_ITEM.
 */
import { foldAccents, matchingLanguages, prepareForTokens, stemVariants, type StemLanguage } from '../stemming';
import { MAX_TOPICS_PER_ITEM, type ItemTopic } from './contract';
import { BRIDGE_WORDS, STOP_WORDS } from './stop-words';

/** Redaction placeholders as the redactor writes them (shared/domain/redaction/types.ts). */
const PLACEHOLDER = /\[[A-Z][A-Z0-9_]{0,31}\]/g;
const CLAUSE_BREAK = /[.!?;:,()[\]{}"«»“”…\n\r\t•|/\\]+|\s[-–—]+\s/u;
const WORD = /[\p{L}\p{N}]+/gu;
/** Words read per item: a long e-mail's salient words are in its first thousand. */
const MAX_WORDS = 1000;
const MAX_WORD_LENGTH = 30;
const MAX_BRIDGE = 2;
/** Longest key and phrase an item keeps: a summary line stays short (summary.ts). */
export const MAX_KEY_CHARS = 48;
export const MAX_PHRASE_CHARS = 64;

interface Word {
  surface: string;
  /** The stem when a content word; undefined for a bridge word; null for a breaker. */
  stem: string | null | undefined;
}

interface Candidate {
  key: string;
  phrase: string;
  words: number;
  count: number;
  first: number;
}

/** The language whose stop words and stemmer apply: the declared one, else the function words; none when unsure. */
function languageOf(text: string, lang: string | undefined): StemLanguage | undefined {
  const declared = lang?.slice(0, 2).toLowerCase();
  if (declared === 'fr' || declared === 'en') return declared;
  const found = matchingLanguages(foldAccents(text).split(/[^\p{L}]+/u), undefined);
  return found.length === 1 ? found[0] : undefined;
}

function classify(surface: string, lang: StemLanguage): Word {
  const folded = foldAccents(surface);
  if (BRIDGE_WORDS.has(folded)) return { surface, stem: undefined };
  if (folded.length < 2 || folded.length > MAX_WORD_LENGTH || /\p{N}/u.test(folded) || STOP_WORDS[lang].has(folded)) return { surface, stem: null };
  const variants = stemVariants(surface, lang);
  // The stem of the folded spelling: "abîmés" and "abimes" meet.
  return { surface, stem: variants[variants.length - 1]! };
}

/** Topics of one redacted text, most salient first; none for an empty text or a language other than FR/EN. */
export function extractTopics(redactedText: string, lang?: string): ItemTopic[] {
  const language = languageOf(redactedText, lang);
  if (!language || redactedText.trim() === '') return [];
  const candidates = new Map<string, Candidate>();
  const note = (key: string, phrase: string, words: number, position: number) => {
    if (key.length > MAX_KEY_CHARS) return;
    const seen = candidates.get(key);
    if (seen) seen.count++;
    else candidates.set(key, { key, phrase: [...phrase].slice(0, MAX_PHRASE_CHARS).join(''), words, count: 1, first: position });
  };
  let position = 0;
  const clauses = prepareForTokens(redactedText.replace(PLACEHOLDER, ' | ')).split(CLAUSE_BREAK);
  for (const clause of clauses) {
    if (position >= MAX_WORDS) break;
    const words = [...clause.matchAll(WORD)].slice(0, MAX_WORDS - position).map((m) => classify(m[0], language));
    words.forEach((word, i) => {
      if (!word.stem) return;
      note(word.stem, word.surface, 1, position + i);
      // Phrases starting here: follow content words across at most MAX_BRIDGE bridge words.
      const stems = [word.stem];
      let bridged = 0;
      for (let j = i + 1; j < words.length && stems.length < 3; j++) {
        const next = words[j]!;
        if (next.stem === null) break;
        if (next.stem === undefined) {
          if (++bridged > MAX_BRIDGE) break;
          continue;
        }
        bridged = 0;
        // "colis colis" is not a phrase.
        if (stems.includes(next.stem)) break;
        stems.push(next.stem);
        note(stems.join(' '), words.slice(i, j + 1).map((w) => w.surface).join(' '), stems.length, position + i);
      }
    });
    position += words.length;
  }
  const bySalience = (a: Candidate, b: Candidate) => b.count - a.count || a.first - b.first || b.words - a.words || a.key.localeCompare(b.key);
  const singles = [...candidates.values()].filter((c) => c.words === 1).sort(bySalience);
  const phrases = [...candidates.values()].filter((c) => c.words > 1).sort(bySalience);
  const out: ItemTopic[] = [];
  for (let i = 0; out.length < MAX_TOPICS_PER_ITEM && (i < singles.length || i < phrases.length); i++) {
    for (const c of [singles[i], phrases[i]]) if (c && out.length < MAX_TOPICS_PER_ITEM) out.push({ key: c.key, phrase: c.phrase });
  }
  return out;
}
