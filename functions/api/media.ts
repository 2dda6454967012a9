/** What a request's body is, from its Content-Type: shared by the public API, the submit spine and Open311. */
import type { Context } from 'hono';

/** The request body's media type, lower case, without its parameters (`multipart/form-data`). */
export function mediaType(c: Context): string {
  return (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Sent as an HTML form, with or without files. */
export function isFormPost(c: Context): boolean {
  const type = mediaType(c);
  return type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data';
}

/** Sent as multipart/form-data (a form with files). */
export function isMultipart(c: Context): boolean {
  return mediaType(c) === 'multipart/form-data';
}
