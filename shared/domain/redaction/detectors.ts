/**
 * Every built-in detector, registered once: a new PII type adds a family file beside this one, an
 * entry here and its overlap priority. Order references are not in the list: `detectPii` always
 * looks for them, since even when kept they shield their digits from the phone patterns.
 */
import { detectAddresses, detectPostcodes } from './address-detectors';
import { detectBirthDates } from './birth-date-detector';
import { detectEmails, detectPhones } from './contact-detectors';
import { detectCards, detectIbans, detectNirs } from './financial-detectors';
import { detectGazetteerNames, detectGazetteerStaffNames } from './gazetteer-name-detectors';
import { detectIdentityDocuments, detectTaxIds } from './identity-document-detectors';
import { detectNames, detectStaffNames } from './name-detectors';
import { detectNinos, detectSsns } from './national-insurance-detectors';
import { detectIpAddresses } from './network-detectors';
import type { Detector } from './pattern-scan';
import type { BuiltInPiiType } from './types';

/**
 * Overlaps go to the higher priority: validated types first, heuristics last; earlier placeholders stay.
 * The context types of #17 (SSN … IP) sit above custom patterns and order references: their context
 * names them, so a reference-looking passport number after "passeport" is a passport number.
 */
export const PRIORITY = {
  placeholder: 1000,
  EMAIL: 100,
  IBAN: 95,
  NIR: 92,
  CARD: 90,
  SSN: 88,
  NINO: 88,
  ID_DOCUMENT: 87,
  TAX_ID: 87,
  IP: 86,
  custom: 85,
  ORDER: 80,
  BIRTH_DATE: 75,
  PHONE: 70,
  ADDRESS: 60,
  NAME: 55,
  POSTCODE: 50,
} as const;

export interface BuiltInDetector {
  type: BuiltInPiiType;
  detect: Detector;
  /** Finds staff names, which `keepStaffNames` leaves in clear. */
  staff?: boolean;
}

export const BUILT_IN_DETECTORS: readonly BuiltInDetector[] = [
  { type: 'EMAIL', detect: detectEmails },
  { type: 'IBAN', detect: detectIbans },
  { type: 'NIR', detect: detectNirs },
  { type: 'CARD', detect: detectCards },
  { type: 'SSN', detect: detectSsns },
  { type: 'NINO', detect: detectNinos },
  { type: 'ID_DOCUMENT', detect: detectIdentityDocuments },
  { type: 'TAX_ID', detect: detectTaxIds },
  { type: 'IP', detect: detectIpAddresses },
  { type: 'BIRTH_DATE', detect: detectBirthDates },
  { type: 'PHONE', detect: detectPhones },
  { type: 'ADDRESS', detect: detectAddresses },
  { type: 'NAME', detect: detectNames },
  { type: 'NAME', detect: detectStaffNames, staff: true },
  { type: 'NAME', detect: detectGazetteerNames },
  { type: 'NAME', detect: detectGazetteerStaffNames, staff: true },
  { type: 'POSTCODE', detect: detectPostcodes },
];
