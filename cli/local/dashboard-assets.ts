/**
 * The dashboard page on the local stack's own origin, as CloudFront serves it on AWS: the files
 * Vite built into `web/dist/`, `/config.json` saying how to sign in, `index.html` for the page's
 * history-routed paths, and the same security and cache headers as the distribution.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import type { PageConfig } from '../../shared/domain/dashboard/contract';
import { isPagePath } from './dashboard-sign-in';

/** Where the page lives in the repository, and where Vite writes it. */
export const WEB_DIR = resolve(import.meta.dirname, '../../web');
export const WEB_DIST_DIR = join(WEB_DIR, 'dist');
export const WEB_VITE_CONFIG = join(WEB_DIR, 'vite.config.ts');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The headers every page response carries (CloudFront's response headers policy on AWS): the page
 * loads only its own scripts and talks only to its own origin, cannot be framed, sends no
 * Referer across origins, and no type is sniffed.
 */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'cross-origin-opener-policy': 'same-origin',
};

/** Vite's content-hashed output (`assets/index-B4x9_kQz.js`): a new build gets new names, so these never change. */
const HASHED_ASSET = /^\/assets\/.+[-.][A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html, config.json and unhashed files: the browser revalidates, so a rebuild shows at once. */
const REVALIDATE = 'no-cache';

export type SiteHandler = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;

function write(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer | string): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...PAGE_SECURITY_HEADERS, ...headers, 'content-length': String(bytes.length) });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

/** The file under `root` a URL path names, or undefined when it would leave `root` or is not a file. */
async function fileUnder(root: string, path: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split('/').some((s) => s === '..' || s.startsWith('.'))) return undefined;
  const file = resolve(root, `.${decoded}`);
  if (!file.startsWith(root + sep)) return undefined;
  try {
    return (await stat(file)).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dashboard not built · customer-voice</title></head>
<body><h1>The dashboard page is not built</h1><p>Run <code>npm run build:web</code> (or restart <code>npm start</code>, which builds it), then reload. The API answers meanwhile.</p></body></html>
`;

/**
 * Answers the page's requests: GET or HEAD of anything but the API (`/v1/…`) and the stack's own
 * paths (`/_local/…`). A file of `distDir` as is; `/config.json` from `config`; index.html for the
 * page's paths and for any other extension-less path a browser navigates to (the page says "not
 * found" itself). Returns false for what is not the page's, which then goes to the API's
 * `$default` route as on API Gateway (a script's `GET /v2/x` still gets the JSON 404).
 */
export function dashboardSite(options: { distDir: string; config: PageConfig }): SiteHandler {
  const root = resolve(options.distDir);
  const configBody = JSON.stringify(options.config);
  return async (req, res, path) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (path.startsWith('/v1/') || path === '/v1' || path.startsWith('/_local/')) return false;
    if (path === '/config.json') {
      write(req, res, 200, { 'content-type': CONTENT_TYPES['.json']!, 'cache-control': REVALIDATE }, configBody);
      return true;
    }
    const file = path === '/' ? undefined : await fileUnder(root, path);
    if (file) {
      write(req, res, 200, { 'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'cache-control': HASHED_ASSET.test(path) ? IMMUTABLE : REVALIDATE }, await readFile(file));
      return true;
    }
    const navigation = isPagePath(path) || (extname(path) === '' && (req.headers.accept ?? '').includes('text/html'));
    if (!navigation) {
      // A missing asset: the page's, so a plain 404 rather than the API's JSON.
      if (extname(path) !== '') {
        write(req, res, 404, { 'content-type': CONTENT_TYPES['.txt']!, 'cache-control': REVALIDATE }, 'Not found\n');
        return true;
      }
      return false;
    }
    const index = join(root, 'index.html');
    if (!existsSync(index)) {
      write(req, res, 503, { 'content-type': CONTENT_TYPES['.html']!, 'cache-control': 'no-store' }, NOT_BUILT);
      return true;
    }
    write(req, res, 200, { 'content-type': CONTENT_TYPES['.html']!, 'cache-control': REVALIDATE }, await readFile(index));
    return true;
  };
}

/** The newest modification time (ms) of the files under `dir`, 0 when there are none. */
async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (!e.isFile() || e.parentPath.includes(`${sep}node_modules`)) continue;
    newest = Math.max(newest, (await stat(join(e.parentPath, e.name))).mtimeMs);
  }
  return newest;
}

async function mtimeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return 0;
  }
}

export type BuildOutcome = 'built' | 'up-to-date' | 'no-page';

/**
 * Builds the page with Vite when `dist/index.html` is missing or older than any source of it
 * (`src/`, `public/`, `index.html`, the Vite config). Without a Vite config in `webDir` (a
 * checkout without the page) nothing is built and the stack serves the API alone.
 */
export async function ensureDashboardBuilt(options: { webDir?: string; log: (line: string) => void }): Promise<BuildOutcome> {
  const webDir = options.webDir ?? WEB_DIR;
  const configFile = join(webDir, 'vite.config.ts');
  if (!existsSync(configFile)) {
    options.log(`dashboard: no ${configFile}, so no page to build; the API runs without it`);
    return 'no-page';
  }
  const built = await mtimeOf(join(webDir, 'dist', 'index.html'));
  const sources = Math.max(await newestMtime(join(webDir, 'src')), await newestMtime(join(webDir, 'public')), await mtimeOf(join(webDir, 'index.html')), await mtimeOf(configFile));
  if (built > 0 && built >= sources) return 'up-to-date';
  options.log(built === 0 ? 'dashboard: building the page (web/dist is missing)…' : 'dashboard: rebuilding the page (web/src changed)…');
  // Built beside dist and swapped in whole: a request never sees half a build, and two stacks
  // starting at once (tests) do not write into each other's files.
  const dist = join(webDir, 'dist');
  const staging = join(webDir, `.dist-${process.pid}-${Date.now()}`);
  const { build } = await import('vite');
  try {
    await build({ configFile, logLevel: 'warn', build: { outDir: staging, emptyOutDir: true } });
    const old = `${staging}-old`;
    if (existsSync(dist)) await rename(dist, old).catch(() => undefined);
    try {
      await rename(staging, dist);
    } catch (error) {
      // Another stack's build got there between the two renames: its dist is as new as ours.
      if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    await rm(old, { recursive: true, force: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return 'built';
}
