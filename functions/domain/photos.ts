/**
 * Photos a resident attaches to a case: what is accepted, where each one lives in object storage,
 * and what happens to it before anyone sees it.
 *
 *  1. The original arrives under `incoming/{caseNumber}/{photoId}`: from the browser straight to
 *     object storage (a presigned POST whose policy allows one type and at most MAX_PHOTO_BYTES), or,
 *     without JavaScript, in the report form's multipart post, which the API stores the same way.
 *  2. `processPhoto` (the photos function, fed by the storage's "object created" events) checks the
 *     bytes (type by its magic numbers, size), re-encodes the image, which drops every metadata field
 *     (EXIF GPS, device, time), makes a small preview, stores both under `photos/{caseNumber}/`,
 *     only then attaches the photo to the case (its `photos` list, and a public `photo` timeline
 *     entry in the same transaction), and deletes the
 *     original. A refused upload is deleted too, and the case says so (`photo_refused`).
 *  3. Officers and staff see photos through short-lived signed URLs; the resident, on the track page.
 */
import { ConflictError } from './errors.ts';
import { isCaseNumber } from './case-number.ts';
import type { CaseRecord } from './case.ts';
import type { CaseStore, Clock } from './ports.ts';

/** The types a phone camera or gallery gives: JPEG, PNG, HEIC (iPhone), WebP. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/heic', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** Photos per case (sent with it) and per answer. */
export const MAX_PHOTOS = 3;
/** One photo's largest original: a phone's full-size JPEG fits. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** Longest side of the stored photo and of its preview, in pixels. */
export const PHOTO_MAX_SIDE = 1600;
export const PREVIEW_MAX_SIDE = 320;
/** How long a signed URL to a photo works. */
export const PHOTO_URL_SECONDS = 300;

export const INCOMING_PREFIX = 'incoming/';

/** The type the bytes are, by their magic numbers (never by the name or the declared type). */
export function detectPhotoType(bytes: Uint8Array): PhotoType | undefined {
  const at = (i: number, ...xs: number[]) => xs.every((x, k) => bytes[i + k] === x);
  const ascii = (i: number, n: number) => String.fromCharCode(...bytes.subarray(i, i + n));
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') return 'image/webp';
  if (ascii(4, 4) === 'ftyp' && ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'].includes(ascii(8, 4))) return 'image/heic';
  return undefined;
}

export type PhotoRefusal = 'type' | 'size' | 'count' | 'unreadable';

/** Why one photo cannot be taken, or undefined when it can. */
export function photoRefusal(bytes: Uint8Array): PhotoRefusal | undefined {
  if (bytes.byteLength > MAX_PHOTO_BYTES) return 'size';
  if (!detectPhotoType(bytes)) return 'type';
  return undefined;
}

/** The English messages of the API (`errors: [{field: 'photo', message}]`); pages word them per language. */
export const REFUSAL_MESSAGES: Readonly<Record<PhotoRefusal, string>> = {
  type: 'must be a JPEG, PNG, HEIC or WebP image',
  size: `must be at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB`,
  count: `at most ${MAX_PHOTOS} photos`,
  unreadable: 'could not be read as an image',
};

export const photoKeys = {
  incoming: (caseNumber: string, photoId: string) => `${INCOMING_PREFIX}${caseNumber}/${photoId}`,
  photo: (caseNumber: string, photoId: string) => `photos/${caseNumber}/${photoId}.jpg`,
  preview: (caseNumber: string, photoId: string) => `photos/${caseNumber}/${photoId}-preview.jpg`,
};

/** `incoming/{caseNumber}/{photoId}` → its parts, or undefined for any other key. */
export function parseIncomingKey(key: string): { caseNumber: string; photoId: string } | undefined {
  const m = /^incoming\/([^/]+)\/([0-9a-z-]{8,64})$/.exec(key);
  return m && isCaseNumber(m[1]!) ? { caseNumber: m[1]!, photoId: m[2]! } : undefined;
}

/** A photo attached to a case, as its timeline entry's params carry it. */
export interface AttachedPhoto {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
}

/** How many photos a case may have: three with the case and three with each answer. */
export function photosAllowed(record: Pick<CaseRecord, 'answers'>): number {
  return MAX_PHOTOS * (1 + (record.answers ?? 0));
}

/** Object storage as the photos need it (S3 in AWS, a local S3-compatible server on one machine). */
export interface PhotoStorage {
  /** Stores bytes under a key (the form post's originals, the re-encoded photos). */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  delete(key: string): Promise<void>;
  /** A presigned POST for one upload of `contentType`, at most `maxBytes`, to `key`. */
  presignUpload(key: string, contentType: PhotoType, maxBytes: number): Promise<{ url: string; fields: Record<string, string> }>;
  /** A URL that shows the object for `seconds`. */
  signedUrl(key: string, seconds: number): Promise<string>;
}

/** Re-encodes an image: no metadata, upright, at most `maxSide` pixels on its longest side. */
export interface ImageEncoder {
  reencode(bytes: Uint8Array, maxSide: number): Promise<{ bytes: Uint8Array; width: number; height: number }>;
}

export interface PhotoDeps {
  readonly cases: CaseStore;
  readonly storage: PhotoStorage;
  readonly encoder: ImageEncoder;
  readonly clock: Clock;
}

export type PhotoOutcome = { readonly attached: AttachedPhoto; readonly before: number; readonly after: number } | { readonly refused: PhotoRefusal } | { readonly ignored: string };

/**
 * One uploaded original, from `incoming/` to the case: checked, re-encoded without metadata,
 * previewed, stored, attached, and the original deleted. Runs again harmlessly for a repeated event
 * (the original is gone, or the photo is already attached).
 */
export async function processPhoto(deps: PhotoDeps, key: string): Promise<PhotoOutcome> {
  const parsed = parseIncomingKey(key);
  if (!parsed) return { ignored: `not an upload key: ${key}` };
  const { caseNumber, photoId } = parsed;
  const original = await deps.storage.get(key);
  if (!original) return { ignored: `already processed: ${key}` };
  const record = await deps.cases.get(caseNumber);
  if (!record) {
    await deps.storage.delete(key);
    return { ignored: `no case ${caseNumber}` };
  }
  const at = () => deps.clock.now().toISOString();
  const refuse = async (why: PhotoRefusal): Promise<PhotoOutcome> => {
    await deps.cases.updateCase(caseNumber, { at: at(), entries: [{ at: at(), type: 'photo_refused', visibility: 'public', params: { id: photoId, reason: why } }] });
    await deps.storage.delete(key);
    return { refused: why };
  };
  const already = record.photos ?? [];
  if (already.some((p) => p.id === photoId)) {
    await deps.storage.delete(key);
    return { ignored: `already attached: ${photoId}` };
  }
  if (already.length >= photosAllowed(record)) return refuse('count');
  const refusal = photoRefusal(original);
  if (refusal) return refuse(refusal);

  let photo: Awaited<ReturnType<ImageEncoder['reencode']>>;
  let preview: Awaited<ReturnType<ImageEncoder['reencode']>>;
  try {
    photo = await deps.encoder.reencode(original, PHOTO_MAX_SIDE);
    preview = await deps.encoder.reencode(photo.bytes, PREVIEW_MAX_SIDE);
  } catch {
    return refuse('unreadable');
  }
  await deps.storage.put(photoKeys.photo(caseNumber, photoId), photo.bytes, 'image/jpeg');
  await deps.storage.put(photoKeys.preview(caseNumber, photoId), preview.bytes, 'image/jpeg');
  const attached: AttachedPhoto = { id: photoId, width: photo.width, height: photo.height, bytes: photo.bytes.byteLength };
  const ok = await deps.cases.updateCase(caseNumber, { at: at(), appendPhotos: [attached], entries: [{ at: at(), type: 'photo', visibility: 'public', params: { id: photoId } }] });
  if (!ok) throw new ConflictError(`case ${caseNumber} could not take photo ${photoId}`);
  await deps.storage.delete(key);
  return { attached, before: original.byteLength, after: photo.bytes.byteLength };
}
