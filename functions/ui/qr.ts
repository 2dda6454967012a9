/**
 * The villages' QR codes, made with the `qrcode` package where the pages are made (the Astro build,
 * the site publisher): nothing reaches the browser but the SVG. The target is
 * `{public URL}/v/{villageId}` (see sitePublicUrl).
 */
import { create } from 'qrcode/lib/core/qrcode.js';
import { render } from 'qrcode/lib/renderer/svg-tag.js';
import type { County } from '../domain/county.ts';

/** Where the site is built without an address of its own: the local stack's default portal. */
export const DEFAULT_PUBLIC_URL = 'http://localhost:8787';

/**
 * The site's public address, for the QR codes: `override` (env `PUBLIC_URL` at build time, the
 * deployment's site URL for the publisher), else the county's own domain (`site.domainName` in the
 * county file), else the local stack's default address. No trailing slash.
 */
export function sitePublicUrl(county: Pick<County, 'site'>, override?: string): string {
  const domain = county.site?.domainName;
  return (override || (domain ? `https://${domain}` : DEFAULT_PUBLIC_URL)).replace(/\/+$/, '');
}

/** The address a village's poster sends a resident to: `{publicUrl}/v/{villageId}`. */
export function villageUrl(publicUrl: string, villageId: string): string {
  return `${publicUrl}/v/${villageId}`;
}

/**
 * The QR code as SVG markup (a white quiet zone of 2 modules, error correction M): the
 * `/qr/{village}.svg` files the posters show. What `QRCode.toString(text, { type: 'svg', … })`
 * gives, through the encoder and the SVG renderer alone (qrcode.d.ts).
 */
export async function qrSvg(text: string): Promise<string> {
  const options = { type: 'svg', errorCorrectionLevel: 'M', margin: 2 } as const;
  return render(create(text, options), options);
}
