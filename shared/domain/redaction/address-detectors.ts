import { NOT_AFTER_WORD, NOT_BEFORE_WORD, groupSpan, scan, whole, type Detector, type Span } from './pattern-scan';
import { LOWERCASE_CITIES, NAME_PARTICLES, NOT_A_CITY, STOP_WORDS } from './word-lists';

// ---------------------------------------------------------------------------------------------
// Postal addresses and postcodes
// ---------------------------------------------------------------------------------------------

const FR_STREET_TYPES_FREE =
  'rue|avenue|av|bd|boulevard|bld|blvd|all[ée]e|impasse|imp|faubourg|fbg|chauss[ée]e|rond-point|esplanade|lotissement|r[ée]sidence|lieu-dit|quai|route|rte';
/** Also common nouns ("3 cours de yoga"): they need a capitalised name or a postcode after them. */
const FR_STREET_TYPES_CAPITALISED = 'chemin|place|pl|cours|square|passage|voie|villa|cit[ée]|hameau|sentier|promenade|mont[ée]e|traverse|ruelle|parvis|clos|domaine|mail';
const FR_STREET_HEAD_RE = new RegExp(
  `${NOT_AFTER_WORD}(?:(\\d{1,4}(?:\\s?(?:bis|ter|quater|[a-d]))?)(?![\\p{L}\\p{N}])\\s*,?\\s+)?` +
    `(?:(${FR_STREET_TYPES_FREE})|(${FR_STREET_TYPES_CAPITALISED}))\\.?(?=\\s)`,
  'giu',
);

const TOKEN_RE = /[^\S\n]+([\p{L}\p{N}][\p{L}\p{N}'-]*)/uy;
const startsUpper = (word: string): boolean => /^\p{Lu}/u.test(word);

/**
 * Reads a street name after its type word: capitalised words, particles, a number right after the
 * type or a word ("rue du 8 Mai 1945"), and — in a name typed all in lower case — up to two
 * lower-case words. Returns the end of the last name word.
 */
function readStreetName(text: string, from: number, allowLowercase: boolean): number | null {
  let pos = from;
  let end: number | null = null;
  let lowercase = 0;
  let capitalised = false;
  let particlesSinceWord = 0;
  for (let tokens = 0; tokens < 8; tokens += 1) {
    TOKEN_RE.lastIndex = pos;
    const m = TOKEN_RE.exec(text);
    if (!m) break;
    const word = (m[1] ?? '').replace(/^(?:d|l|qu)'/i, '');
    const lower = word.toLowerCase();
    const tokenEnd = m.index + m[0].length;
    if (word === '' || NAME_PARTICLES.has(lower)) {
      particlesSinceWord += 1;
      pos = tokenEnd;
      continue;
    }
    if (STOP_WORDS.has(lower)) break;
    if (/^\d{1,4}$/.test(word)) {
      // "au 45 boulevard Haussmann au lieu du 54 boulevard…": a number after "du" starts something else
      if (end !== null && particlesSinceWord > 0 && capitalised) break;
    } else if (startsUpper(word)) {
      capitalised = true;
    } else if (allowLowercase && !capitalised && lowercase < 2 && /^\p{Ll}/u.test(word)) {
      lowercase += 1;
    } else break;
    end = tokenEnd;
    particlesSinceWord = 0;
    pos = tokenEnd;
  }
  return end;
}

const FR_DEPARTEMENT = '(?:0[1-9]|[1-8]\\d|9[0-8])';
const FR_POSTCODE = `${FR_DEPARTEMENT}\\d{3}`;
const CITY = "[\\p{L}][\\p{L}'-]*(?:(?:\\s+|-)(?:(?:sur|sous|en|lès|les|le|la|de|du|des|saint|sainte|st|ste)(?:\\s+|-))?\\p{Lu}[\\p{L}'-]*){0,3}";
const CAPITALISED_CITY = "\\p{Lu}[\\p{L}'.-]*(?:\\s+\\p{Lu}[\\p{L}'.-]*){0,2}";
const UK_POSTCODE = '(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\\d[A-Z\\d]? ?\\d[ABD-HJLNP-UW-Z]{2})';
const US_STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR';

const ADDRESS_TAILS: readonly RegExp[] = [
  // FR: ", 75002 Paris", " 13100 Aix-en-Provence CEDEX 1", ", 75 002 Paris"
  new RegExp(`\\s*[,-]?\\s*(?:${FR_POSTCODE}|${FR_DEPARTEMENT} \\d{3})\\s+(${CITY})(?:\\s+(?:CEDEX|Cedex|cedex)(?:\\s+\\d{1,2})?)?(?:\\s*,?\\s*France${NOT_BEFORE_WORD})?`, 'uy'),
  // US: ", Washington, DC 20500"
  new RegExp(`\\s*,?\\s*(?:${CAPITALISED_CITY})\\s*,?\\s*(?:${US_STATES})\\s+\\d{5}(?:-\\d{4})?${NOT_BEFORE_WORD}`, 'uy'),
  // UK: ", London NW1 6XE", ", London, SW1A 2AA"
  new RegExp(`\\s*,?\\s*(?:${CAPITALISED_CITY})\\s*,?\\s*${UK_POSTCODE}${NOT_BEFORE_WORD}`, 'uy'),
  // A postcode straight after the street
  new RegExp(`\\s*,?\\s*(?:${UK_POSTCODE}|(?:${US_STATES})\\s+\\d{5}(?:-\\d{4})?)${NOT_BEFORE_WORD}`, 'uy'),
];
const UNIT_TAIL = /\s*,?\s*(?:Apt|Apartment|Suite|Ste|Unit|Flat|Fl|#)\.?\s*#?[\p{L}\p{N}-]{1,6}(?![\p{L}\p{N}])/uy;

/** Extends a street with a unit and a "postcode city" or "city, state ZIP"; returns the new end and whether a postcode was found. */
function readAddressTail(text: string, from: number): { end: number; postcode: boolean } {
  let end = from;
  UNIT_TAIL.lastIndex = end;
  const unit = UNIT_TAIL.exec(text);
  if (unit) end = unit.index + unit[0].length;
  for (const tail of ADDRESS_TAILS) {
    tail.lastIndex = end;
    const m = tail.exec(text);
    if (!m) continue;
    const city = m[1]?.split(/[\s-]/)[0]?.toLowerCase();
    if (city !== undefined && (NOT_A_CITY.has(city) || STOP_WORDS.has(city) || NAME_PARTICLES.has(city))) continue;
    return { end: m.index + m[0].length, postcode: true };
  }
  return { end: unit ? end : from, postcode: false };
}

function detectFrenchStreets(text: string): Span[] {
  return scan(FR_STREET_HEAD_RE, text, (m) => {
    const hasNumber = m[1] !== undefined;
    const free = m[2] !== undefined;
    const nameEnd = readStreetName(text, m.index + m[0].length, free);
    if (nameEnd === null) return null;
    const tail = readAddressTail(text, nameEnd);
    // Without a number, "rue de la Paix" is only an address when a postcode and city follow.
    if (!hasNumber && !tail.postcode) return null;
    return { start: m.index, end: tail.end };
  });
}

const EN_STREET_TYPES = [
  'street', 'avenue', 'road', 'lane', 'drive', 'boulevard', 'court', 'place', 'square', 'terrace', 'way', 'close', 'crescent',
  'gardens', 'grove', 'parkway', 'highway', 'circle', 'row', 'mews', 'hill', 'walk', 'parade', 'broadway', 'loop', 'alley',
  'plaza', 'trail',
];
/** Abbreviations take an optional full stop; a full word followed by "." ends a sentence. */
const EN_STREET_ABBREVIATIONS = ['st', 'ave', 'av', 'rd', 'ln', 'dr', 'blvd', 'ct', 'pl', 'sq', 'pkwy', 'hwy', 'cir', 'ter', 'cres'];
const caseVariants = (w: string) => [w, w[0]?.toUpperCase() + w.slice(1), w.toUpperCase()];
const EN_TYPES_ANY_CASE = `(?:${EN_STREET_TYPES.flatMap(caseVariants).join('|')}|(?:${EN_STREET_ABBREVIATIONS.flatMap(caseVariants).join('|')})\\.?)`;
const EN_DIRECTION = '(?:\\s+(?:NW|NE|SW|SE|N|S|E|W)(?![\\p{L}]))?';
const EN_STREET_RE = new RegExp(
  `${NOT_AFTER_WORD}\\d{1,5}[A-Za-z]?(?:-\\d{1,5})?,?\\s+(?:(?:N|S|E|W|North|South|East|West)\\.?\\s+)?` +
    `(?:(?:\\p{Lu}[\\p{L}'-]*|\\d{1,3}(?:st|nd|rd|th))\\s+){1,4}${EN_TYPES_ANY_CASE}(?![\\p{L}\\p{N}])${EN_DIRECTION}`,
  'gu',
);
/** Lower-case street names only with an unambiguous type word: "2 days road trip" must not match. */
const EN_STREET_LOWER_RE = new RegExp(
  `${NOT_AFTER_WORD}\\d{1,5}[a-z]?,?\\s+((?:[a-z][a-z'-]*\\s+){1,3})(?:street|avenue|road|boulevard|lane|(?:st|ave|rd|blvd|ln)\\.?)(?![\\p{L}\\p{N}])`,
  'gu',
);

function detectEnglishStreets(text: string): Span[] {
  const withTail = (start: number, end: number): Span => ({ start, end: readAddressTail(text, end).end });
  return [
    ...scan(EN_STREET_RE, text, (m) => withTail(m.index, m.index + m[0].length)),
    ...scan(EN_STREET_LOWER_RE, text, (m) => {
      const words = (m[1] ?? '').trim().split(/\s+/);
      if (words.some((w) => STOP_WORDS.has(w) || NOT_A_CITY.has(w))) return null;
      return withTail(m.index, m.index + m[0].length);
    }),
  ];
}

export const detectAddresses: Detector = (text) => [...detectFrenchStreets(text), ...detectEnglishStreets(text)];
const FR_POSTCODE_RE = new RegExp(
  `(?<![\\p{L}\\p{N}_.,€$£-])(${FR_POSTCODE}|${FR_DEPARTEMENT} \\d{3})\\s+([\\p{L}][\\p{L}'-]*)`,
  'gdu',
);
const FR_POSTCODE_IN_PARENS_RE = new RegExp(`${NOT_AFTER_WORD}\\p{Lu}[\\p{L}'-]+ ?\\((${FR_POSTCODE})\\)`, 'gdu');
const UK_POSTCODE_RE = new RegExp(`${NOT_AFTER_WORD}${UK_POSTCODE}${NOT_BEFORE_WORD}`, 'gu');
const US_ZIP_RE = new RegExp(`${NOT_AFTER_WORD}(?:${US_STATES}),?\\s+(\\d{5}(?:-\\d{4})?)(?!\\p{N})`, 'gdu');
const POSTCODE_KEYWORD_RE = new RegExp(
  `${NOT_AFTER_WORD}(?:code postal|c\\.p\\.|cp|postcode|post code|postal code|zip code|zip)\\s*[:=]?\\s*(\\d{5}(?:-\\d{4})?|\\d{2} \\d{3}|${UK_POSTCODE})(?![\\p{L}\\p{N}])`,
  'gdiu',
);

export function detectPostcodes(text: string): Span[] {
  return [
    ...scan(FR_POSTCODE_RE, text, (m) => {
      const city = m[2] ?? '';
      const lower = city.toLowerCase();
      const cityLike = startsUpper(city) ? !NOT_A_CITY.has(lower) && !STOP_WORDS.has(lower) : LOWERCASE_CITIES.has(lower);
      return cityLike ? groupSpan(m, 1) : null;
    }),
    ...scan(FR_POSTCODE_IN_PARENS_RE, text, (m) => groupSpan(m, 1)),
    ...scan(UK_POSTCODE_RE, text, (m) => (/\d(?:GB|TB)$/.test(m[0]) ? null : whole(m))),
    ...scan(US_ZIP_RE, text, (m) => groupSpan(m, 1)),
    ...scan(POSTCODE_KEYWORD_RE, text, (m) => groupSpan(m, 1)),
  ];
}

