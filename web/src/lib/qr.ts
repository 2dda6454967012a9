/**
 * QR codes of the village pages, made at BUILD time with the `qrcode` package (nothing reaches the
 * browser but the SVG). The target is `{public URL}/v/{villageId}` (see publicUrl: env PUBLIC_URL,
 * else https://{site.domainName} from the county file, else http://localhost:8787).
 */
import QRCode from 'qrcode';
import type { County } from '../../../functions/domain/county.ts';
import { publicUrl } from './county.ts';

export function villageUrl(county: Pick<County, 'site'>, villageId: string): string {
  return `${publicUrl(county)}/v/${villageId}`;
}

/** The QR code as SVG markup (a white quiet zone of 2 modules, error correction M): the `/qr/{village}.svg` files the posters show. */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

