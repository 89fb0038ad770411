// ---------------------------------------------------------------------------------------------
// Normalised matching view
// ---------------------------------------------------------------------------------------------

export interface MatchingView {
  text: string;
  /** toOriginal[i] = index in the original text of view character i. */
  toOriginal: number[];
}

function isInvisible(code: number): boolean {
  return (
    code === 0x00ad || // soft hyphen
    code === 0x034f ||
    code === 0x061c || // Arabic letter mark
    code === 0x180e ||
    (code >= 0x200b && code <= 0x200f) || // zero-width space/joiners, LRM, RLM
    (code >= 0x202a && code <= 0x202e) || // bidi embeddings and overrides
    (code >= 0x2060 && code <= 0x2064) ||
    (code >= 0x2066 && code <= 0x206f) || // bidi isolates
    code === 0xfeff ||
    (code >= 0xfe00 && code <= 0xfe0f) // variation selectors
  );
}

function foldChar(code: number, char: string): string {
  if (code < 0x80) return char;
  if (code === 0x00a0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x202f || code === 0x205f || code === 0x3000) return ' ';
  if ((code >= 0x2010 && code <= 0x2015) || code === 0x2212 || code === 0xfe58 || code === 0xfe63) return '-';
  if (code === 0x2018 || code === 0x2019 || code === 0x02bc || code === 0x2032) return "'";
  if (code === 0xfe6b) return '@';
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0); // full-width ASCII
  if (code >= 0x0660 && code <= 0x0669) return String.fromCharCode(code - 0x0660 + 48); // Arabic-Indic digits
  if (code >= 0x06f0 && code <= 0x06f9) return String.fromCharCode(code - 0x06f0 + 48);
  return char;
}

export function matchingView(original: string): MatchingView {
  const parts: string[] = [];
  const toOriginal: number[] = [];
  for (let i = 0; i < original.length; i += 1) {
    const code = original.charCodeAt(i);
    if (isInvisible(code)) continue;
    parts.push(foldChar(code, original[i] ?? ''));
    toOriginal.push(i);
  }
  return { text: parts.join(''), toOriginal };
}
