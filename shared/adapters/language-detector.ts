/**
 * Language detection without network or model file: tinyld's light profile (24 languages, ~70 kB)
 * plus French/English function-word evidence, because the product is FR/EN first and n-gram
 * profiles alone are unreliable on the 2–5-word messages customers often send.
 */
import { detectAll } from 'tinyld/light';
import type { DetectedLanguage, LanguageDetector } from '../ports/sentiment';

export const UNDETERMINED = 'und';

/** Words frequent in one of the two languages and rare in the other and in es/it/pt/de. */
const FRENCH_MARKERS = new Set([
  'le', 'les', 'des', 'du', 'une', 'est', 'et', 'je', "j'", 'elle', 'nous', 'vous', 'ils', 'elles',
  'pas', 'ne', "n'", 'qui', 'pour', 'avec', 'dans', 'au', 'aux', 'cette', "c'est", "c'", 'mon',
  'votre', 'vos', 'notre', 'tres', 'bien', 'merci', 'bonjour', 'bonsoir', 'toujours', 'jamais', 'rien',
  'mais', 'ou', 'ete', 'etait', 'suis', 'sont', 'avez', 'avons', 'fait', 'depuis', 'encore', 'deja',
  'aussi', 'trop', 'colis', 'livraison', 'commande', 'recu', 'rembourse', 'svp', "d'", "l'", "qu'", 'sur',
  'leur', 'tout', 'tous', 'peu', 'moins', 'chez', 'sans', 'avoir', 'etre', 'ca', 'oui', 'aucun',
  'aucune', 'livreur', 'nul', 'nulle', 'genial', 'deux', 'trois', 'semaines', 'jours', 'heures',
]);
const ENGLISH_MARKERS = new Set([
  'the', 'and', 'is', 'are', 'was', 'were', 'i', "i'm", "i've", 'you', 'he', 'she', 'we', 'they', 'my', 'your',
  'our', 'this', 'that', 'with', 'for', 'not', 'to', 'of', 'it', "it's", "don't", "can't", "didn't", "won't",
  "doesn't", 'have', 'has', 'had', 'will', 'would', 'be', 'been', 'thanks', 'thank', 'please', 'hello', 'hi',
  'great', 'good', 'bad', 'never', 'still', 'again', 'order', 'delivery', 'refund', 'received', 'very', 'what',
  'when', 'why', 'how', 'from', 'at', 'just', 'but', 'all', 'yes', 'get', 'got', 'can',
  'there', 'their', 'about', 'after', 'awesome', 'love', 'worst', 'best', 'service', 'weeks', 'days', 'hours',
]);

const FRENCH_LETTERS = /[éèêàçùûôîœ]/i;

export interface LanguageDetectorOptions {
  /** Fewer letters than this (after removing URLs, handles, digits, emoji) → 'und'. */
  minLetters?: number;
  /** A winner scoring below this (tinyld accuracy plus marker evidence) → 'und'. */
  minScore?: number;
  /** Weight of each FR/EN marker word, in tinyld accuracy units. */
  markerWeight?: number;
}

const DEFAULTS: Required<LanguageDetectorOptions> = { minLetters: 3, minScore: 0.1, markerWeight: 0.2 };

/** What n-gram profiles should not see: URLs ("http" is a Russian n-gram to tinyld), handles, numbers, symbols. */
export function textForDetection(text: string): string {
  return text
    .replace(/https?:\/\/\S+|www\.\S+|\bhttps?\b/gi, ' ')
    .replace(/\S+@\S+\.\S+/g, ' ')
    .replace(/@\w+/g, ' ')
    .replace(/#/g, ' ')
    .replace(/[’‘`´]/g, "'")
    .replace(/[^\p{L}\p{M}'\s-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function words(text: string): string[] {
  const folded = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const out: string[] = [];
  for (const word of folded.split(/[\s-]+/)) {
    if (!word) continue;
    out.push(word);
    // "j'ai", "l'accueil", "c'est": the elided article is itself a marker.
    const elided = /^(\p{L}{1,2}')(\p{L}.*)$/u.exec(word);
    if (elided?.[1] && elided[2]) out.push(elided[1], elided[2]);
  }
  return out;
}

export class TinyldLanguageDetector implements LanguageDetector {
  private readonly options: Required<LanguageDetectorOptions>;

  constructor(options: LanguageDetectorOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  detect(text: string): DetectedLanguage {
    const { minLetters, minScore, markerWeight } = this.options;
    const clean = textForDetection(text);
    const letters = clean.match(/\p{L}/gu)?.length ?? 0;
    if (letters < minLetters) return { lang: UNDETERMINED, confidence: 0 };

    const scores = new Map<string, number>();
    for (const { lang, accuracy } of detectAll(clean)) scores.set(lang, accuracy);

    const tokens = words(clean);
    const french = tokens.filter((w) => FRENCH_MARKERS.has(w)).length + (FRENCH_LETTERS.test(clean) ? 0.5 : 0);
    const english = tokens.filter((w) => ENGLISH_MARKERS.has(w)).length;
    // Markers only tip the balance towards FR/EN: a clear Spanish or German text keeps its n-gram score.
    if (french > 0) scores.set('fr', (scores.get('fr') ?? 0) + markerWeight * french);
    if (english > 0) scores.set('en', (scores.get('en') ?? 0) + markerWeight * english);

    const ranked = [...scores].sort((a, b) => b[1] - a[1]);
    const [best, second] = ranked;
    if (!best || best[1] < minScore) return { lang: UNDETERMINED, confidence: 0 };
    const total = ranked.reduce((sum, [, score]) => sum + score, 0);
    const confidence = Math.min(1, best[1] / total);
    // Two non-FR/EN candidates neck and neck on a short text: better unknown than wrong.
    if (second && !['fr', 'en'].includes(best[0]) && second[1] > 0.8 * best[1] && letters < 20) {
      return { lang: UNDETERMINED, confidence };
    }
    return { lang: best[0], confidence };
  }
}
