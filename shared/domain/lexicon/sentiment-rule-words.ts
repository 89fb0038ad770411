/** Data: the words and marks the evidence scorer treats as rules (negation, intensity, contrast, emoticons). */
import type { LexiconLanguage } from './lexicon-language';

export const NEGATORS: Record<LexiconLanguage, ReadonlySet<string>> = {
  en: new Set([
    'not', 'no', 'never', 'nothing', 'nobody', 'none', 'neither', 'nor', 'without', 'hardly', 'barely',
    "don't", 'dont', "doesn't", 'doesnt', "didn't", 'didnt', "isn't", 'isnt', "wasn't", 'wasnt', "aren't",
    "weren't", "can't", 'cant', 'cannot', "couldn't", "won't", 'wont', "wouldn't", "shouldn't", "haven't",
    "hasn't", "hadn't", "ain't",
  ]),
  fr: new Set(['ne', "n'", 'pas', 'jamais', 'rien', 'aucun', 'aucune', 'ni', 'sans', 'guere', 'nullement']),
  none: new Set(),
};
/** A clause negated by these and carrying no rated word is still a complaint ("never arrived", "jamais reçu"). */
export const STRONG_NEGATORS = new Set(['never', 'jamais', 'rien', 'nothing']);

export const INTENSIFIERS: Record<LexiconLanguage, ReadonlyMap<string, number>> = {
  en: new Map(Object.entries({ very: 1.5, really: 1.5, so: 1.4, extremely: 1.8, absolutely: 1.6, totally: 1.5, completely: 1.5,
    utterly: 1.8, incredibly: 1.7, highly: 1.5, truly: 1.4, too: 1.3, such: 1.3, most: 1.3, quite: 1.2,
    slightly: 0.5, somewhat: 0.6 })),
  fr: new Map(Object.entries({ tres: 1.5, vraiment: 1.5, tellement: 1.5, trop: 1.3, hyper: 1.6, extremement: 1.8,
    absolument: 1.6, totalement: 1.5, completement: 1.5, vachement: 1.5, si: 1.3, particulierement: 1.4,
    assez: 0.8, peu: 0.5 })),
  none: new Map(),
};

/** Words that shift weight to the clause that follows them. */
export const CONTRAST = new Set(['but', 'however', 'though', 'yet', 'mais', 'cependant', 'pourtant', 'toutefois', 'neanmoins']);

export const EMOTICONS: ReadonlyArray<[RegExp, number]> = [
  [/(?:^|\s)[:;=]-?[)\]dp]+(?=\s|$)/gi, 2],
  [/(?:^|\s)\^\^?(?=\s|$)|(?:^|\s)<3+(?=\s|$)/g, 2],
  [/(?:^|\s)(?::'|:-?|=)[(\[]+(?=\s|$)/g, -2],
  [/(?:^|\s):-?[/\\|](?=\s|$)/g, -1],
];
