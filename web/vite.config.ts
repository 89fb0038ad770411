/**
 * Builds the dashboard page (`npm run build:web` → web/dist/). Vite 8 transforms with Oxc: JSX
 * compiles to Preact's automatic runtime without a Babel plugin. The servers (the local stack, S3
 * behind CloudFront) answer index.html for the page's paths, so assets are addressed from `/`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const WEB = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: WEB,
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The page's first load is budgeted (≤ 200 KB gzipped JS); the chart code loads per page.
    modulePreload: { polyfill: false },
  },
});
