/**
 * Photos on the API side: the files of a form post (field `photo`, repeatable) checked before
 * anything is stored and put where a direct upload would land (`incoming/{case}/{id}`), the
 * presigned POST for a browser that uploads straight to object storage, and short-lived URLs to
 * show a case's photos. The photos function does the rest (functions/domain/photos.ts).
 */
import { createHash } from 'node:crypto';
import { MAX_PHOTOS, PHOTO_URL_SECONDS, REFUSAL_MESSAGES, photoKeys, photoRefusal, detectPhotoType, type AttachedPhoto, type PhotoStorage, type PhotoType } from '../domain/photos.ts';
import type { FieldProblem } from './problem.ts';

export interface PhotoFile {
  readonly id: string;
  readonly bytes: Uint8Array;
  readonly type: PhotoType;
}

/** The chosen files of a form body (an empty file input sends a nameless, empty file: not a photo). */
function filesOf(body: Record<string, unknown>): File[] {
  return [body.photo].flat().filter((f): f is File => f instanceof File && (f.size > 0 || f.name !== ''));
}

/**
 * The photos of a form post, each checked by its bytes (type by magic numbers, size), or the
 * problems with them (`field: 'photo'`). The id derives from the bytes, so a resent form (same
 * Idempotency-Key) stores the same photo under the same key and it is attached once.
 */
export async function readPhotoFiles(body: Record<string, unknown>): Promise<{ photos: PhotoFile[]; errors: FieldProblem[] }> {
  const files = filesOf(body);
  if (files.length > MAX_PHOTOS) return { photos: [], errors: [{ field: 'photo', message: REFUSAL_MESSAGES.count }] };
  const photos: PhotoFile[] = [];
  const errors: FieldProblem[] = [];
  for (const file of files) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const refusal = photoRefusal(bytes);
    const type = detectPhotoType(bytes);
    if (refusal || !type) errors.push({ field: 'photo', message: `${file.name || 'photo'} ${REFUSAL_MESSAGES[refusal ?? 'type']}` });
    else photos.push({ id: createHash('sha256').update(bytes).digest('hex').slice(0, 32), bytes, type });
  }
  return { photos, errors };
}

/** Puts each checked photo where the photos function picks it up. */
export async function storeOriginals(storage: PhotoStorage, caseNumber: string, photos: readonly PhotoFile[]): Promise<void> {
  await Promise.all(photos.map((p) => storage.put(photoKeys.incoming(caseNumber, p.id), p.bytes, p.type)));
}

export interface PhotoLinks {
  readonly id: string;
  readonly preview: string;
  readonly full: string;
  readonly width: number;
  readonly height: number;
}

/** Short-lived URLs of a case's photos (preview and full size). */
export function photoLinks(storage: PhotoStorage, caseNumber: string, photos: readonly AttachedPhoto[]): Promise<PhotoLinks[]> {
  return Promise.all(
    photos.map(async (p) => ({
      id: p.id,
      width: p.width,
      height: p.height,
      preview: await storage.signedUrl(photoKeys.preview(caseNumber, p.id), PHOTO_URL_SECONDS),
      full: await storage.signedUrl(photoKeys.photo(caseNumber, p.id), PHOTO_URL_SECONDS),
    })),
  );
}

/** The origins the links point at, for a page's Content-Security-Policy `img-src`. */
export function photoOrigins(links: readonly PhotoLinks[]): string[] {
  return [...new Set(links.map((l) => new URL(l.preview).origin))];
}

const uploadOrigins = new WeakMap<PhotoStorage, Promise<string>>();

/**
 * The origin a presigned POST sends to (the photos bucket), for the `connect-src` of a page whose
 * script uploads photos. Signing is local: worked out once per storage, no request made.
 */
export function uploadOrigin(storage: PhotoStorage): Promise<string> {
  let origin = uploadOrigins.get(storage);
  if (!origin) {
    origin = storage.presignUpload(photoKeys.incoming('X-2000-000001', 'origin0000'), 'image/jpeg', 1).then((u) => new URL(u.url).origin);
    uploadOrigins.set(storage, origin);
  }
  return origin;
}
