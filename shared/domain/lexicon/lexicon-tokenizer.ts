import type { LexiconLanguage } from './lexicon-language';

/** Lower case, no diacritics, typographic apostrophes folded: the key form of every French entry. */
export function foldFrench(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`´]/g, "'")
    .toLowerCase();
}

const FRENCH_ELISION = /^(j|l|d|n|m|t|s|c|qu|jusqu|lorsqu|puisqu)'(.+)$/;

export interface Token {
  kind: 'word' | 'emoji' | 'break';
  text: string;
}

const TOKEN = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*'?|\p{Extended_Pictographic}|[.!?;,:]+/gu;

export function tokenize(text: string, lang: LexiconLanguage): Token[] {
  const tokens: Token[] = [];
  const clean = text
    .replace(/https?:\/\/\S+|www\.\S+/gi, ' ')
    .replace(/@\w+/g, ' ')
    .replace(/#/g, ' ')
    .replace(/[’‘`´]/g, "'");
  const prepared = lang === 'fr' ? foldFrench(clean) : clean.toLowerCase();
  for (const match of prepared.matchAll(TOKEN)) {
    const raw = match[0];
    if (/^[.!?;,:]+$/.test(raw)) {
      tokens.push({ kind: 'break', text: raw });
    } else if (/\p{Extended_Pictographic}/u.test(raw)) {
      tokens.push({ kind: 'emoji', text: raw });
    } else if (lang === 'fr') {
      const elided = FRENCH_ELISION.exec(raw);
      if (elided?.[1] && elided[2]) tokens.push({ kind: 'word', text: `${elided[1]}'` }, { kind: 'word', text: elided[2] });
      else tokens.push({ kind: 'word', text: raw });
    } else {
      tokens.push({ kind: 'word', text: raw });
    }
  }
  return tokens;
}
