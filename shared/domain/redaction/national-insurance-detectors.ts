import { groupSpan, NOT_AFTER_WORD, scan, whole, type Detector } from './pattern-scan';

// ---------------------------------------------------------------------------------------------
// UK National Insurance numbers and US Social Security numbers
// ---------------------------------------------------------------------------------------------

/**
 * NINO: two prefix letters (not D, F, I, Q, U, V; second not O; not BG, GB, KN, NK, NT, TN, ZZ), six
 * digits, a suffix A–D. Distinctive enough to stand without a context, except right after a word that
 * makes it a product or order code.
 */
const NINO_RE = /(?<![\p{L}\p{N}_])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])(?![\p{L}\p{N}_])/gu;
const INVALID_NINO_PREFIXES = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);
const CODE_BEFORE_RE =
  /(?:commandes?|orders?|r[ée]f[ée]rences?|r[ée]f\.?|refs?|products?|produits?|articles?|items?|sku|codes?|models?|mod[èe]les?|colis|parcels?|tracking|suivi|factures?|invoices?|serial)\W{0,4}(?:\p{L}+\W{1,3}){0,2}$/iu;

export const detectNinos: Detector = (text) =>
  scan(NINO_RE, text, (m) => {
    if (INVALID_NINO_PREFIXES.has(m[1] ?? '')) return null;
    return CODE_BEFORE_RE.test(text.slice(Math.max(0, m.index - 30), m.index)) ? null : whole(m);
  });

/** SSN: only in context ("SSN", "social security number"); area not 000, 666 or 9xx, group not 00, serial not 0000. */
const SSN_RE = new RegExp(
  `${NOT_AFTER_WORD}(?:ssn|ss#|social security(?: number| no\\.?| #)?|soc\\.? sec\\.?(?: no\\.?)?)(?:\\s*(?:n°|no\\.?|number|#|:|is|was|est|\\())*\\s*` +
    '((?!000|666|9)\\d{3}([- ]?)(?!00)\\d{2}\\2(?!0000)\\d{4})(?!\\p{N})',
  'gdiu',
);

export const detectSsns: Detector = (text) => scan(SSN_RE, text, (m) => groupSpan(m, 1));
