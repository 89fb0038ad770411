/**
 * Debian's Chromium for the email suites: launched once per file with the network shut, a page at
 * a 375 px phone width that records every request and dialog (an email must cause neither), and
 * the layout facts the suites assert. Screenshots go to test/.screenshots/ (git-ignored).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const PHONE = { width: 375, height: 740 };
export const SCREENSHOTS = fileURLToPath(new URL('../.screenshots/', import.meta.url));

const MISSING_CHROMIUM =
  `The email rendering test needs Debian's chromium at ${CHROMIUM}: install it with ` +
  '`sudo apt-get update && sudo apt-get install -y chromium` (CI: .ci/run installs it).';

/** The browser, or undefined when Chromium is not installed (each test then fails with `missingChromium`). */
export async function launchEmailBrowser(): Promise<Browser | undefined> {
  if (!existsSync(CHROMIUM)) return undefined;
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const missingChromium = () => new Error(MISSING_CHROMIUM);

/** Launches Chromium before the file's tests and closes it after; without it each test FAILS saying how to install it. */
export function emailBrowser(): { phonePage(): Promise<{ page: Page; requests: string[]; dialogs: string[] }> } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchEmailBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async phonePage() {
      if (!browser) throw new Error(MISSING_CHROMIUM);
      const page = await browser.newPage({ viewport: PHONE });
      const requests: string[] = [];
      const dialogs: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      return { page, requests, dialogs };
    },
  };
}

/** Requests that left the page (an email's own `about:` and `data:` aside). */
export const outsideRequests = (requests: readonly string[]) => requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'));
