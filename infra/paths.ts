import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Repository root: function entries, package-lock.json and cdk.json are resolved from here, whatever the cwd. */
export const REPO_ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

export const repoPath = (relative: string): string => path.join(REPO_ROOT, relative);
