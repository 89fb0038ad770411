import { scan, whole, type Detector } from './pattern-scan';

// ---------------------------------------------------------------------------------------------
// IP addresses (IPv4 and IPv6): they identify a customer's connection
// ---------------------------------------------------------------------------------------------

/** Four dot-separated numbers, not part of a longer dotted number ("10.0.19045.3693.1"), a word or a decimal. */
const IPV4_RE = /(?<![\p{L}\p{N}_.:/-])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\p{L}\p{N}_]|[.:]\d)/gu;
/** Hex groups and colons; validated afterwards (eight groups, or fewer with one "::"). */
const IPV6_RE = /(?<![\p{L}\p{N}_:.])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\p{L}\p{N}_:])/giu;

/** A dotted quad right after or before these words is a software version, not an address. */
const VERSION_BEFORE_RE = /(?:\bv|\bversion|\bver\.?|\bfirmware|\bbuild|\brelease|\bupdate|\bmise à jour|\bmaj|\bpatch|\bios|\bandroid|\bwindows|\bfw|\bsoftware|\blogiciel|\bapp|\bappli|\bapplication)\s*[:#-]?\s*$/iu;
const VERSION_AFTER_RE = /^\s*(?:app\b|version\b|release\b|build\b|update\b|firmware\b|du firmware\b|de l'app)/iu;

const validOctet = (s: string | undefined): boolean => s !== undefined && (s === '0' || !s.startsWith('0')) && Number(s) <= 255;

export function isValidIpv6(value: string): boolean {
  const halves = value.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
  // Without "::", exactly eight groups; with it, at most seven and at least two (so "a::b", not "::" or a time).
  return halves.length === 1 ? groups.length === 8 : groups.length >= 2 && groups.length <= 7;
}

// Most messages hold no dot-separated quad and no colon-separated groups: skip the scans (the redactor runs on every item).
export const detectIpAddresses: Detector = (text) => [
  ...(!text.includes('.') ? [] : scan(IPV4_RE, text, (m) => {
    if (![m[1], m[2], m[3], m[4]].every(validOctet)) return null;
    const before = text.slice(Math.max(0, m.index - 20), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 20);
    return VERSION_BEFORE_RE.test(before) || VERSION_AFTER_RE.test(after) ? null : whole(m);
  })),
  ...(!text.includes(':') ? [] : scan(IPV6_RE, text, (m) => (isValidIpv6(m[0]) ? whole(m) : null))),
];
