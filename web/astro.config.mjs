// Astro config for the public site. Build from the repo root with `npm run build:web`
// (= `astro build --root web`); output goes to web/dist.
//
// The site is fully static: pages are rendered at build time from the county file
// (`counties/${COUNTY ?? 'demo'}.json`), forms post to the API, and nothing a resident
// needs depends on JavaScript.
import { defineConfig } from 'astro/config';
import { minifiedAssets } from './build/minify.ts';

export default defineConfig({
  output: 'static',
  // `/site.css` (web/public/site.css) is the one stylesheet, shared with the pages the API
  // server renders (receipt, errors); Astro must not inline or fingerprint component styles
  // into extra requests or bigger HTML behind our back.
  build: { inlineStylesheets: 'never' },
  compressHTML: true,
  // No prefetch script, no dev toolbar: every byte on the resident's phone is ours to justify.
  prefetch: false,
  devToolbar: { enabled: false },
  // The stylesheets and scripts of web/public are served minified (web/build/minify.ts).
  integrations: [minifiedAssets()],
  // The console's components (.tsx, hono/jsx) compile for production: Vite decides by NODE_ENV, which
  // `astro build` has not set when Vite reads its config, and development JSX carries every element's
  // source path and line into the browser's JavaScript.
  vite: { oxc: { jsx: { development: false } } },
});
