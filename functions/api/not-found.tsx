/**
 * A page nothing serves: the site's 404 page (NotFoundPage, the static `/404.html`'s component), in
 * the reader's language, with status 404: the way home (the village list) and the emergency number.
 * It answers a GET the site's files do not have (a village the roster no longer has, whose old
 * poster's QR code is still on a wall; a mistyped address): in AWS CloudFront's origin group asks the
 * api function for it when the site bucket answers 404 (infra/constructs/site.ts), and the local
 * stack hands the api app what its folder does not have. Loaded on the first such request, so no
 * cold start carries the page components.
 */
import type { Context } from 'hono';
import type { County } from '../domain/county.ts';
import { NotFoundPage } from '../ui/NotFoundPage.tsx';
import { render } from '../ui/render.ts';
import { contextFor, pageResponse } from './public-page.ts';

/** How long browsers and CloudFront keep a 404: short, since a village the roster gains gets its pages within seconds. */
const NOT_FOUND_CACHE = 'public, max-age=60';

export async function notFoundPage(c: Context, county: County): Promise<Response> {
  const ctx = contextFor(c, county);
  return pageResponse(await render(<NotFoundPage ctx={ctx} />), { status: 404, locale: ctx.locale, cache: NOT_FOUND_CACHE });
}
