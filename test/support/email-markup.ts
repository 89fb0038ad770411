/** What the email suites check of a rendered HTML part: only the renderers' own markup. */
import { expect } from 'vitest';

/** Tags the email renderers write (the chart's bars are `div`s, a value past its threshold is `b`). */
const ALLOWED_TAGS = new Set(['html', 'head', 'meta', 'title', 'body', 'h2', 'h3', 'p', 'table', 'tr', 'th', 'td', 'blockquote', 'small', 'br', 'span', 'ul', 'li', 'div', 'b']);
const ALLOWED_ATTRIBUTES = new Set(['lang', 'charset', 'style', 'dir', 'name', 'content', 'class']);
/** The renderers' classes (email-layout.ts NARROW_SCREEN_CSS): `cv-` and lower-case letters. */
const OWN_CLASS = /^cv-[a-z]+$/;
export const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\uFEFF]/;

/**
 * Every tag and attribute in the HTML is one the renderer writes: nothing came from the input.
 * Links (`<a href>`) are the renderer's only when `dashboardUrl` is given, and each must point
 * under it; without it, any link fails.
 */
export function assertOnlyOwnMarkup(html: string, options: { dashboardUrl?: string } = {}): void {
  // A style sheet is the renderer's only as the head's one <style>; its rules are not markup.
  const styles = [...html.matchAll(/<style>[^<]*<\/style>/g)];
  expect(styles.length, 'style sheets').toBeLessThanOrEqual(1);
  if (styles[0]) expect(styles[0].index, 'the style sheet is in the head').toBeLessThan(html.indexOf('</head>'));
  const tags = [...html.replace(/<style>[^<]*<\/style>/, '').matchAll(/<(\/?)([A-Za-z][A-Za-z0-9]*)([^>]*)>/g)];
  expect(tags.length).toBeGreaterThan(10);
  for (const [, closing, tag = '', attrs = ''] of tags) {
    const link = options.dashboardUrl !== undefined && tag.toLowerCase() === 'a';
    if (!link) expect(ALLOWED_TAGS, `tag <${tag}>`).toContain(tag.toLowerCase());
    for (const [, name = ''] of attrs.matchAll(/\s([A-Za-z-]+)=/g)) {
      if (link && name.toLowerCase() === 'href') continue;
      expect(ALLOWED_ATTRIBUTES, `attribute ${name} on <${tag}>`).toContain(name.toLowerCase());
    }
    for (const [, value = ''] of attrs.matchAll(/\sclass="([^"]*)"/g)) expect(value, `class on <${tag}>`).toMatch(OWN_CLASS);
    if (link && !closing) {
      const href = /\shref="([^"]*)"/.exec(attrs)?.[1];
      expect(href, `<a${attrs}>`).toBeDefined();
      expect(href!.startsWith(`${new URL(options.dashboardUrl!).origin}/`), `href ${href}`).toBe(true);
    }
  }
}
