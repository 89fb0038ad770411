// ---------------------------------------------------------------------------------------------
// Checksums
// ---------------------------------------------------------------------------------------------

/** IBAN length per country (SWIFT IBAN registry). */
export const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  (
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 ' +
    'EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 ' +
    'IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 ' +
    'NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 ' +
    'SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30'
  )
    .split(' ')
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))] as const),
);

/** `iban` is upper-case alphanumerics without separators. */
export function isValidIban(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  if (IBAN_LENGTHS.get(iban.slice(0, 2)) !== iban.length) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' ? char.charCodeAt(0) - 55 : char.charCodeAt(0) - 48;
    remainder = (value >= 10 ? remainder * 100 + value : remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

/** Luhn check on a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** EAN-13 (GTIN) check digit: weights 1 and 3 from the left. */
export function isValidEan13(digits: string): boolean {
  if (!/^\d{13}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += (digits.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === digits.charCodeAt(12) - 48;
}

/** Issuer prefixes and lengths (ISO/IEC 7812 IIN ranges of the networks accepted in FR/UK/US). */
const CARD_NETWORKS: readonly { prefix: RegExp; lengths: readonly number[] }[] = [
  { prefix: /^4/, lengths: [13, 16, 19] }, // Visa (and CB co-badged)
  { prefix: /^(?:5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/, lengths: [16] }, // Mastercard
  { prefix: /^3[47]/, lengths: [15] }, // American Express
  { prefix: /^(?:30[0-5]|3[689])/, lengths: [14, 15, 16] }, // Diners Club
  { prefix: /^35/, lengths: [16, 17, 18, 19] }, // JCB
  { prefix: /^(?:50|5[6-9]|6)/, lengths: [13, 14, 15, 16, 17, 18, 19] }, // Maestro, Discover, UnionPay
];

/** A payment card number: a network's prefix and length, and the Luhn check. */
export function isValidCardNumber(digits: string): boolean {
  return (
    /^\d{13,19}$/.test(digits) &&
    CARD_NETWORKS.some((n) => n.prefix.test(digits) && n.lengths.includes(digits.length)) &&
    luhnValid(digits)
  );
}

/**
 * French NIR: 13 characters (sex 1/2, or 7/8 for a temporary number; year, month, département —
 * 2A/2B for Corsica —, commune, order) and a key = 97 − (number mod 97). Corsica: 2A counts as 19,
 * 2B as 18. No 15-digit card starts with 1, 2, 7 or 8, so a NIR is never mistaken for a card.
 */
export function isValidNir(nir: string): boolean {
  const compact = nir.toUpperCase().replace(/[\s.-]/g, '');
  const match = /^([1278])(\d{2})(\d{2})(\d{2}|2A|2B)(\d{3})(\d{3})(\d{2})$/.exec(compact);
  if (!match) return false;
  const [, sex = '', year = '', month = '', dept = '', commune = '', order = '', key = ''] = match;
  const m = Number(month);
  if (m === 0 || (m > 12 && m < 20)) return false;
  const deptDigits = dept === '2A' ? '19' : dept === '2B' ? '18' : dept;
  const body = Number(sex + year + month + deptDigits + commune + order);
  return Number(key) === 97 - (body % 97);
}
