/**
 * BUILD time only (Astro frontmatter): a console page's static shell, rendered from its component
 * (web/src/admin/ui) in the county's language, in two halves around the end of `<main>`, where the
 * Astro page puts its bundled `<script>`:
 *
 *   <Fragment set:html={page.before} /><script>import '…/pages/cases.ts';</script><Fragment set:html={page.after} />
 */
import type { Child } from 'hono/jsx';
import type { County } from '../../../functions/domain/county.ts';
import en from '../../../functions/messages/console/en.ts';
import zh from '../../../functions/messages/console/zh-CN.ts';
import { render } from '../../../functions/ui/render.ts';
import { adminCounty } from './county.ts';
import { useDict } from './words.ts';

export async function shell(component: (props: { readonly county: County }) => Child): Promise<{ before: string; after: string }> {
  const county = await adminCounty();
  useDict(county.locale === 'en' ? en : zh);
  const html = `<!doctype html>${await render(component({ county }))}`;
  const end = html.lastIndexOf('</main>');
  if (end < 0) throw new Error('a console page without <main>');
  return { before: html.slice(0, end), after: html.slice(end) };
}
