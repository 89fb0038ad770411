/**
 * The weekly digest with its "What is new" section as a mail client shows it: Debian's Chromium
 * at a 375 px phone width, network cut off. Screenshots: test/.screenshots/digest-what-is-new-*.png.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchEmailBrowser, missingChromium, PHONE, SCREENSHOTS } from '../support/email-browser';
import { CRASH_PHRASE, digestWithWhatIsNew } from '../support/what-is-new-world';

let browser: Browser | undefined;

beforeAll(async () => {
  browser = await launchEmailBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('the digest’s "What is new" section in Chromium at a phone width', () => {
  for (const lang of ['en', 'fr'] as const) {
    it(`shows each new topic as text, the customer's markup inert, nothing wider than the screen (${lang})`, async () => {
      if (!browser) throw missingChromium();
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
