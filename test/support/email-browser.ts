/**
 * Debian's Chromium for the email rendering tests: launched headless with the network features
 * off, at a phone's width; screenshots go to test/.screenshots/ (git-ignored) to be looked at.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const PHONE = { width: 375, height: 740 };
export const SCREENSHOTS = fileURLToPath(new URL('../.screenshots/', import.meta.url));

/** The browser, or undefined when Chromium is not installed (each test then fails with `missingChromium`). */
export async function launchEmailBrowser(): Promise<Browser | undefined> {
  if (!existsSync(CHROMIUM)) return undefined;
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}

export const missingChromium = () => new Error(`The email rendering tests need Debian's chromium at ${CHROMIUM}: sudo apt-get install -y chromium`);
