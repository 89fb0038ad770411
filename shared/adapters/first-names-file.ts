/**
 * The first-name gazetteer file (`first-names.json`, built by `npm run build:first-names`), read once
 * per container: on Lambda it lies beside the bundle (`index.mjs`; the constructs of the functions
 * that redact copy it into their asset), and from the sources (the CLI, the local stack, the tests)
 * it is the repository's `data/` copy. Not bundled: at 76 KB it would eat the processor's last
 * margin under its 1 MB budget.
 */
import { fileURLToPath } from 'node:url';
import { readFirstExistingJson } from './first-existing-file';
import { decodeFirstNames, type FirstNameGazetteer } from '../domain/redaction/first-names';

export const FIRST_NAMES_FILE = 'first-names.json';

/** Where the file is looked for, in order: beside the bundle, then the repository's data/. */
export function firstNamesLocations(): string[] {
  return [new URL(`./${FIRST_NAMES_FILE}`, import.meta.url), new URL(`../../data/${FIRST_NAMES_FILE}`, import.meta.url)].map((url) => fileURLToPath(url));
}

/** The file is in none of the places it is looked for: a packaging mistake, named at cold start. */
export class FirstNamesFileNotFoundError extends Error {
  override readonly name = 'FirstNamesFileNotFoundError';
}

/** Reads and decodes the first file of `locations` that exists. */
export function readFirstNamesFile(locations: readonly string[] = firstNamesLocations()): FirstNameGazetteer {
  const content = readFirstExistingJson(locations);
  if (content !== undefined) return decodeFirstNames(content);
  throw new FirstNamesFileNotFoundError(
    `${FIRST_NAMES_FILE} not found (looked in ${locations.join(', ')}): the Lambda asset must carry it beside index.mjs; from the sources, data/ holds it (npm run build:first-names)`,
  );
}

let shipped: FirstNameGazetteer | undefined;

/** The gazetteer shipped with the code, read on first use (a few ms) and kept for the container's life. */
export function shippedFirstNames(): FirstNameGazetteer {
  shipped ??= readFirstNamesFile();
  return shipped;
}
