/**
 * QR codes of the village pages, made at BUILD time with the `qrcode` package (nothing reaches the
 * browser but the SVG). The target is `{public URL}/v/{villageId}` (see publicUrl: env PUBLIC_URL,
 * else https://{site.domainName} from the county file, else http://localhost:8787).
 */
import QRCode from 'qrcode';
import type { County } from '../../../functions/domain/county.ts';
import type { QrCode } from '../../../functions/ui/PostersPage.tsx';
import { publicUrl } from './county.ts';

export function villageUrl(county: Pick<County, 'site'>, villageId: string): string {
  return `${publicUrl(county)}/v/${villageId}`;
}

/** The QR code as SVG markup (a white quiet zone of 2 modules, error correction M): the `/qr/{village}.svg` files. */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** The same code as geometry, for the posters' inline SVG (functions/ui/PostersPage.tsx draws it). */
export async function qrCode(text: string): Promise<QrCode> {
  const svg = await qrSvg(text);
  const size = /viewBox="0 0 (\d+) \1"/.exec(svg)?.[1];
  const path = /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1];
  if (!size || !path) throw new Error(`qrcode drew an SVG this build cannot read: ${svg.slice(0, 120)}`);
  return { size: Number(size), path };
}
