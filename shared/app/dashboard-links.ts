/**
 * Links from the emails to the dashboard page: absolute URLs of its pages (DASHBOARD_PAGES) under
 * the deployment's dashboard URL. Without a configured URL the emails carry no link.
 */
export { DASHBOARD_PAGES } from '../domain/dashboard/contract';

/** A dashboard URL that is not http(s): a `javascript:` or `data:` href must never reach an email. */
export class InvalidDashboardUrlError extends Error {
  override readonly name = 'InvalidDashboardUrlError';
}

/**
 * `https://d1234.cloudfront.net` + `/incidents/billing-2026-12-02` (a DASHBOARD_PAGES path); the page's paths are absolute
 * (history routing from `/`), so any path in `base` is dropped. undefined when no URL is configured.
 */
export function dashboardPageUrl(base: string | undefined, page: string): string | undefined {
  if (base === undefined || base === '') return undefined;
  let origin: URL;
  try {
    origin = new URL(base);
  } catch (error) {
    throw new InvalidDashboardUrlError(`dashboard URL "${base}" is not a URL`, { cause: error });
  }
  if (origin.protocol !== 'https:' && origin.protocol !== 'http:') throw new InvalidDashboardUrlError(`dashboard URL "${base}" must be http(s)`);
  return new URL(page, origin.origin).href;
}
