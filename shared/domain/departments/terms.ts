import { foldAccents, prepareForTokens } from '../stemming';

/**
 * What a configured term may look like. A plain word or phrase matches by stem ("remboursé"
 * matches "remboursement"); a phrase matches as consecutive words. `=word` matches that exact
 * word (accents and case aside), for words whose stem is too wide ("=devis", not "devait").
 * A word ending in `*` matches any word starting so ("deliver*", "renouvel* automatique*").
 */
export function termWords(term: string): { word: string; prefix: boolean }[] {
  const body = term.startsWith('=') ? term.slice(1) : term;
  return [...prepareForTokens(body).matchAll(/([\p{L}\p{N}]+)(\*)?/gu)].map((m) => ({ word: m[1] ?? '', prefix: m[2] === '*' }));
}

export function termProblem(term: string): string | undefined {
  const body = term.startsWith('=') ? term.slice(1) : term;
  if (/(^|[^\p{L}\p{N}])\*|\*[\p{L}\p{N}]/u.test(body)) return `"${term}": "*" may only end a word`;
  const words = termWords(term);
  if (words.length === 0) return `"${term}" has no letters or digits to match`;
  if (term.startsWith('=') && words.some((w) => w.prefix)) return `"${term}": a term is either exact (=) or has prefixes (*), not both`;
  if (words.some((w) => w.prefix && foldAccents(w.word).length < 3)) return `"${term}": a prefix needs at least 3 letters before "*"`;
  return undefined;
}
