/**
 * The first-name gazetteer the name detectors consult: French and English first names, folded
 * (lower case, no diacritics), from the data file `npm run build:first-names` writes
 * (`data/first-names.json`). The domain never reads it: an adapter loads the file once per container
 * and passes the gazetteer in `RedactionOptions.firstNames`.
 */
import * as z from 'zod';

/** Lower case without diacritics, ligatures spelled out and typographic apostrophes straightened: "Léa" → "lea", "Zoë" → "zoe". */
export function foldName(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/œ/giu, 'oe')
    .replace(/æ/giu, 'ae')
    .replace(/[’‘`´]/g, "'")
    .toLowerCase();
}

export interface FirstNameGazetteer {
  /**
   * True when `word` (any case, with or without accents) is a first name that is no common word;
   * "Jean-Luc", "Marie-Claire" when each part is a first name and one at least is no common word.
   */
  has(word: string): boolean;
  /** True when `word` is a first name that is also a common word ("Claire", "Mark", "Rose"). */
  isHomonym(word: string): boolean;
  /** Both questions in one lookup: a first name, a first name that is also a common word, or neither. */
  kindOf(word: string): 'name' | 'homonym' | undefined;
  readonly size: number;
}

const ASCII_WORD = /^[A-Za-z'-]*$/;

export function firstNameGazetteer(names: Iterable<string>, homonyms: Iterable<string> = []): FirstNameGazetteer {
  const plain = new Set<string>();
  const common = new Set<string>();
  for (const n of names) if (n) plain.add(foldName(n));
  for (const n of homonyms) if (n && !plain.has(foldName(n))) common.add(foldName(n));
  // Most words are plain ASCII: lower-casing them is enough, and much cheaper than normalising.
  const fold = (word: string) => (ASCII_WORD.test(word) ? word.toLowerCase() : foldName(word));
  const hasFolded = (folded: string): boolean => {
    if (plain.has(folded)) return true;
    if (!folded.includes('-')) return false;
    const parts = folded.split('-');
    return parts.every((part) => plain.has(part) || common.has(part)) && parts.some((part) => plain.has(part));
  };
  const kindOf = (word: string) => {
    const folded = fold(word);
    return hasFolded(folded) ? 'name' : common.has(folded) ? 'homonym' : undefined;
  };
  return { has: (word) => hasFolded(fold(word)), isHomonym: (word) => common.has(fold(word)), kindOf, size: plain.size + common.size };
}

const FOLDED_NAMES = z.string().regex(/^[a-z'-]+(?: [a-z'-]+)*$/, 'folded names (a-z, apostrophe, hyphen) separated by single spaces');

/** One source list the file was built from, recorded in its header. */
export const FirstNameSourceSchema = z.object({
  package: z.string().min(1),
  version: z.string().min(1),
  licence: z.string().min(1),
  lists: z.array(z.string()).optional(),
});

/** The data file's shape: a header naming the sources and licences, then the names, space-separated. */
export const FirstNamesFileSchema = z.object({
  format: z.literal('customer-voice/first-names@1'),
  description: z.string(),
  sources: z.array(FirstNameSourceSchema).min(1),
  /** How the stop-list was made and how many names it removed. */
  dropped: z.object({ rule: z.string(), count: z.number().int().nonnegative() }),
  count: z.number().int().positive(),
  names: FOLDED_NAMES,
  /** First names that are also common words ("claire", "mark", "rose"): a name only with a capital and a surname. */
  homonyms: z.union([z.literal(''), FOLDED_NAMES]),
});
export type FirstNamesFile = z.infer<typeof FirstNamesFileSchema>;

export class InvalidFirstNamesFileError extends Error {
  override readonly name = 'InvalidFirstNamesFileError';
}

/** Checks the parsed file and builds the gazetteer; a file whose count disagrees with its names is refused. */
export function decodeFirstNames(content: unknown): FirstNameGazetteer {
  const parsed = FirstNamesFileSchema.safeParse(content);
  if (!parsed.success) throw new InvalidFirstNamesFileError(`first-names file: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  const names = parsed.data.names.split(' ');
  if (names.length !== parsed.data.count) throw new InvalidFirstNamesFileError(`first-names file: count says ${parsed.data.count}, names hold ${names.length}`);
  return firstNameGazetteer(names, parsed.data.homonyms === '' ? [] : parsed.data.homonyms.split(' '));
}
