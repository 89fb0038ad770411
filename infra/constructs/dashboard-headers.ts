import { DASHBOARD_PAGES } from '../../shared/domain/dashboard/contract';

/**
 * The page's Content-Security-Policy: its own scripts, styles, images and API only, plus the
 * sign-in domain the page exchanges its authorization code with (`connect-src`); no frame may
 * embed it. The hosted sign-in page itself is a top-level navigation, which CSP does not govern.
 */
export function dashboardContentSecurityPolicy(signInOrigin: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${signInOrigin}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}

/** HSTS max-age: two years, what browsers' preload lists ask for. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

/** Browser features the page never uses. */
export const DASHBOARD_PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';

/**
 * Path prefixes of the page's pages that end in an id (`/departments/<id>`, `/incidents/<id>`): an
 * id may hold a dot (`journey.cancellation-2026-12-02`) and still names a page, not a file.
 */
export function dashboardIdPagePrefixes(): string[] {
  const probe = 'ID';
  return Object.values(DASHBOARD_PAGES)
    .filter((page) => page.length === 1)
    .map((page) => (page as (id: string) => string)(probe))
    .map((p) => p.slice(0, -probe.length));
}

/**
 * The CloudFront Function (viewer request, default behaviour only) behind history routing: a page's
 * path becomes `/index.html`, a file's path (`/assets/index-3f2a.js`, `/config.json`) is left for S3.
 * A page path is one whose last segment has no extension, or one under an id page's prefix. Never
 * attached to `/v1/*`: the API's own 4xx must reach the caller untouched.
 */
export function dashboardRoutingFunctionCode(): string {
  return `var ID_PAGE_PREFIXES = ${JSON.stringify(dashboardIdPagePrefixes())};
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  var page = last.indexOf('.') === -1;
  for (var i = 0; !page && i < ID_PAGE_PREFIXES.length; i++) {
    if (uri.indexOf(ID_PAGE_PREFIXES[i]) === 0 && uri.length > ID_PAGE_PREFIXES[i].length) page = true;
  }
  if (page) request.uri = '/index.html';
  return request;
}
`;
}
