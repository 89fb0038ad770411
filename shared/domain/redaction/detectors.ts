/**
 * Every built-in detector, registered once: a new PII type adds a family file beside this one, an
 * entry here and its overlap priority. Order references are not in the list: `detectPii` always
 * looks for them, since even when kept they shield their digits from the phone patterns.
 */
import { detectAddresses, detectPostcodes } from './address-detectors';
import { detectEmails, detectPhones } from './contact-detectors';
import { detectCards, detectIbans, detectNirs } from './financial-detectors';
import { detectNames } from './name-detectors';
import type { Detector } from './pattern-scan';
import type { BuiltInPiiType } from './types';

/** Overlaps go to the higher priority: validated types first, heuristics last; earlier placeholders stay. */
export const PRIORITY = {
  placeholder: 1000,
  EMAIL: 100,
  IBAN: 95,
  NIR: 92,
  CARD: 90,
  custom: 85,
  ORDER: 80,
  PHONE: 70,
  ADDRESS: 60,
  NAME: 55,
  POSTCODE: 50,
} as const;

export const BUILT_IN_DETECTORS: readonly { type: BuiltInPiiType; detect: Detector }[] = [
  { type: 'EMAIL', detect: detectEmails },
  { type: 'IBAN', detect: detectIbans },
  { type: 'NIR', detect: detectNirs },
  { type: 'CARD', detect: detectCards },
  { type: 'PHONE', detect: detectPhones },
  { type: 'ADDRESS', detect: detectAddresses },
  { type: 'NAME', detect: detectNames },
  { type: 'POSTCODE', detect: detectPostcodes },
];
