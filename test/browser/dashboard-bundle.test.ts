/**
 * The dashboard page's first-load budget: ≤ 200 KB of gzipped JavaScript for the entry and every
 * chunk it imports statically (what the browser must fetch before the overview can render). The
 * chart code (uPlot) is loaded on first use and must stay out of that set.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

const CONFIG = resolve(import.meta.dirname, '../../web/vite.config.ts');
const BUDGET_BYTES = 200 * 1024;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

let outDir: string | undefined;
afterAll(() => (outDir ? rm(outDir, { recursive: true, force: true }) : undefined));

describe('the dashboard page bundle', () => {
  it('loads ≤ 200 KB of gzipped JavaScript before the first page renders, without the chart library', async () => {
    // Prepare: a production build into a temporary folder, with the manifest that names each chunk's imports.
    outDir = await mkdtemp(join(tmpdir(), 'cv-web-'));
    await build({ configFile: CONFIG, logLevel: 'silent', build: { outDir, emptyOutDir: true, manifest: 'manifest.json' } });
    const manifest = JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;

    // Act: the entry and its static imports, transitively.
    const entries = Object.keys(manifest).filter((key) => manifest[key]!.isEntry);
    const firstLoad = new Set<string>();
    const visit = (key: string) => {
      if (firstLoad.has(key)) return;
      firstLoad.add(key);
      for (const imported of manifest[key]!.imports ?? []) visit(imported);
    };
    entries.forEach(visit);
    const files = [...firstLoad].map((key) => manifest[key]!.file).filter((file) => file.endsWith('.js'));
    let gzipped = 0;
    for (const file of files) gzipped += gzipSync(await readFile(join(outDir, file)), { level: 9 }).length;
    const lazy = Object.entries(manifest).filter(([key]) => !firstLoad.has(key));
    // uPlot's own markup classes: present only where uPlot's code is.
    const uplotInFirstLoad = (await Promise.all(files.map((file) => readFile(join(outDir!, file), 'utf8')))).some((code) => code.includes('u-over') && code.includes('u-wrap'));
    const uplotChunk = lazy.find(([key]) => key.includes('charts/uplot-chart'));
    const uplotChunkCode = uplotChunk ? await readFile(join(outDir, uplotChunk[1].file), 'utf8') : '';

    // Assess
    expect(entries).toEqual(['index.html']);
    console.info(`dashboard first load: ${files.length} JS file(s), ${(gzipped / 1024).toFixed(1)} KB gzipped (budget 200 KB)`);
    expect(gzipped).toBeGreaterThan(10 * 1024);
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
    expect(uplotChunkCode).toContain('u-over');
    expect(uplotInFirstLoad).toBe(false);
  });
});
