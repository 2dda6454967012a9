/**
 * `/qr/{villageId}.svg`: each village's QR code as a file, to download for other print layouts.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { loadCounty, villageCards } from '../../lib/county.ts';
import { qrSvg, villageUrl } from '../../lib/qr.ts';

export const getStaticPaths: GetStaticPaths = async () => villageCards(await loadCounty()).map((card) => ({ params: { village: card.id } }));

export const GET: APIRoute = async ({ params }) =>
  new Response(await qrSvg(villageUrl(await loadCounty(), String(params.village))), { headers: { 'Content-Type': 'image/svg+xml' } });
