/**
 * Data files that ship beside a Lambda bundle (the sentiment model, the first-name gazetteer) and
 * lie in the repository when the code runs from its sources: the first of several places that has
 * the file wins.
 */
import { readFileSync } from 'node:fs';

/** The parsed JSON of the first of `locations` that exists, or undefined when none does; other read errors are thrown. */
export function readFirstExistingJson(locations: readonly string[]): unknown {
  for (const location of locations) {
    let content: string;
    try {
      content = readFileSync(location, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    return JSON.parse(content) as unknown;
  }
  return undefined;
}
