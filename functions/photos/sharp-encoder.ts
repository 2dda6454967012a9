/**
 * The ImageEncoder with sharp (libvips): turns the image upright by its EXIF orientation, scales it
 * down to fit `maxSide`, and writes a fresh JPEG. sharp writes no metadata unless asked to
 * (`withMetadata`/`keepExif`, never called here), so EXIF (GPS, camera, time), XMP, IPTC and ICC
 * profiles of the original do not survive. HEIC needs a libvips with libheif; the prebuilt sharp
 * binaries read it where their libvips does, otherwise the photo is refused as unreadable.
 */
import sharp from 'sharp';
import type { ImageEncoder } from '../domain/photos.ts';

/** A photo at this quality stays readable on a phone and is a fraction of the camera's bytes. */
const QUALITY = 80;

export const sharpEncoder: ImageEncoder = {
  async reencode(bytes, maxSide) {
    const { data, info } = await sharp(bytes, { failOn: 'error', limitInputPixels: 50_000_000 })
      .rotate()
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: QUALITY, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
  },
};
