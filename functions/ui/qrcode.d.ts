/**
 * The two modules of the `qrcode` package the QR codes are made with (qr.ts): its encoder and its
 * SVG renderer, without the package's entry, which also loads the PNG renderer (pngjs, ~30 KB in
 * the site publisher's bundle). @types/qrcode declares the entry only.
 */
declare module 'qrcode/lib/core/qrcode.js' {
  import type { QRCode, QRCodeOptions } from 'qrcode';
  export function create(text: string, options?: QRCodeOptions): QRCode;
}

declare module 'qrcode/lib/renderer/svg-tag.js' {
  import type { QRCode, QRCodeToStringOptions } from 'qrcode';
  export function render(qr: QRCode, options?: QRCodeToStringOptions): string;
}
