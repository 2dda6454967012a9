/**
 * The built Astro site (`web/dist`, made by `npm run build:web`) as the site construct needs it:
 * where it is, the hashes of its inline scripts and styles for the Content-Security-Policy, and
 * which county it was built for. Read at synth time; synth fails, saying what to run, when the site
 * has not been built.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { County } from '../functions/domain/county.ts';
import { PROJECT_ROOT } from './project.ts';

/** Where `npm run build:web` writes the site. */
export const DEFAULT_SITE_DIR = path.join(PROJECT_ROOT, 'web', 'dist');

export interface SiteContent {
  /** Absolute path of the built site. */
  readonly dir: string;
  /** Every HTML file, relative to `dir` with `/` separators. */
  readonly pages: readonly string[];
  /** CSP sources (`'sha256-…'`) of every distinct inline `<script>`, sorted. */
  readonly scriptHashes: readonly string[];
  /** CSP sources of every distinct inline `<style>` element, sorted. */
  readonly styleHashes: readonly string[];
  /** The text of every HTML page, concatenated (for the county check). */
  readonly html: string;
}

export class SiteNotBuiltError extends Error {
  override readonly name = 'SiteNotBuiltError';
}

/** Reads the built site in `dir`; throws SiteNotBuiltError, telling what to run, if there is none. */
export function readSiteContent(dir: string = DEFAULT_SITE_DIR): SiteContent {
  const absolute = path.resolve(dir);
  const shown = path.relative(process.cwd(), absolute) || absolute;
  if (!existsSync(path.join(absolute, 'index.html'))) {
    throw new SiteNotBuiltError(
      `The web site is not built: ${path.join(shown, 'index.html')} is missing. Run \`COUNTY=<county> npm run build:web\` first ` +
        '(it writes web/dist), or point at a built site with -c siteDir=<dir>.',
    );
  }
  const pages = listFiles(absolute).filter((f) => f.endsWith('.html'));
  const scripts = new Set<string>();
  const styles = new Set<string>();
  const texts: string[] = [];
  for (const page of pages) {
    const text = readFileSync(path.join(absolute, page), 'utf8');
    texts.push(text);
    for (const body of inlineElements(text, 'script')) scripts.add(cspHash(body));
    for (const body of inlineElements(text, 'style')) styles.add(cspHash(body));
  }
  return { dir: absolute, pages, scriptHashes: [...scripts].sort(), styleHashes: [...styles].sort(), html: texts.join('\n') };
}

/**
 * Village ids of the county that the built pages never mention (as a form value `value="<id>"` or a
 * village page `/v/<id>/`): a site built for another county (`COUNTY=… npm run build:web`) lists
 * the wrong villages.
 */
export function villagesMissingFromSite(content: SiteContent, county: County): string[] {
  const ids = county.stations.flatMap((s) => s.offices.flatMap((o) => o.villages.map((v) => v.id)));
  return ids.filter((id) => !content.html.includes(`value="${id}"`) && !content.pages.some((page) => page.startsWith(`v/${id}/`)));
}

/** The CSP source for an inline element's exact text: `'sha256-<base64>'`. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Bodies of the inline `<script>` (no `src`, JavaScript only) or `<style>` elements of a page. */
export function inlineElements(html: string, tag: 'script' | 'style'): string[] {
  const bodies: string[] = [];
  const pattern = new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)</${tag}\\s*>`, 'gi');
  for (const match of html.matchAll(pattern)) {
    const attributes = match[1] ?? '';
    if (tag === 'script') {
      if (/\bsrc\s*=/i.test(attributes)) continue;
      // JSON data blocks, templates and the like are not executed and need no hash.
      const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]?.toLowerCase();
      if (type && !['module', 'text/javascript', 'application/javascript'].includes(type)) continue;
    }
    bodies.push(match[2] ?? '');
  }
  return bodies;
}

function listFiles(root: string, sub = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, sub))) {
    const relative = sub ? `${sub}/${name}` : name;
    if (statSync(path.join(root, relative)).isDirectory()) out.push(...listFiles(root, relative));
    else out.push(relative);
  }
  return out.sort();
}
