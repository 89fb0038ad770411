/**
 * The weekly digest with its "What is new" section as a mail client shows it: Debian's Chromium
 * at a 375 px phone width, network cut off. Screenshots: test/.screenshots/digest-what-is-new-*.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRASH_PHRASE, digestWithWhatIsNew } from '../support/what-is-new-world';

const CHROMIUM = '/usr/bin/chromium';
const PHONE = { width: 375, height: 740 };
const SCREENSHOTS = fileURLToPath(new URL('../.screenshots/', import.meta.url));

let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

describe('the digest’s "What is new" section in Chromium at a phone width', () => {
  for (const lang of ['en', 'fr'] as const) {
    it(`shows each new topic as text, the customer's markup inert, nothing wider than the screen (${lang})`, async () => {
      if (!browser) throw new Error(`The email rendering test needs Debian's chromium at ${CHROMIUM}.`);
      const email = await digestWithWhatIsNew(lang);
      const page = await browser.newPage({ viewport: PHONE });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      try {
        await page.setContent(email.html, { waitUntil: 'load' });
        await page.screenshot({ path: `${SCREENSHOTS}digest-what-is-new-${lang}.png`, fullPage: true });
        const layout = await page.evaluate<{ text: string; tags: string[]; scrollWidth: number; items: string[] }>(
          `(() => ({ text: document.body.innerText, tags: [...new Set([...document.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()))], scrollWidth: document.documentElement.scrollWidth, items: [...document.querySelectorAll('li')].map((l) => l.textContent || '') }))()`,
        );
        const crash = layout.items.find((i) => i.includes('appli'));
        expect(crash).toContain(lang === 'fr' ? `« ${CRASH_PHRASE} »` : `“${CRASH_PHRASE}”`);
        expect(crash).toContain('[PHONE]');
        expect(layout.items.some((i) => i.includes('remboursement'))).toBe(true);
        expect(layout.tags).not.toContain('img');
        expect(layout.text).toContain(lang === 'fr' ? 'Ce qui est nouveau' : 'What is new');
        expect(layout.scrollWidth).toBeLessThanOrEqual(PHONE.width);
        expect(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }
});
