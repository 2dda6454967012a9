/**
 * `/qr/{villageId}.svg`: each village's QR code as a file, to download for other print layouts
 * (routes: functions/ui/site-pages.ts).
 */
import type { APIRoute } from 'astro';
import { qrSvg } from '../../../../functions/ui/qr.ts';
export { qrPaths as getStaticPaths } from '../../lib/pages.ts';

export const GET: APIRoute<{ url: string }> = async ({ props }) => new Response(await qrSvg(props.url), { headers: { 'Content-Type': 'image/svg+xml' } });
