/**
 * The trusted client address: the one hop a client cannot write.
 *  - Locally (the Node server): the socket's remote address.
 *  - On AWS: what CloudFront saw. A CloudFront function on every API behaviour (infra/constructs/site.ts)
 *    writes the viewer's IP into `X-Viewer-Address`, overwriting whatever the client sent there; the
 *    `CloudFront-Viewer-Address` header (`198.51.100.7:46532`) is read too when CloudFront forwards
 *    it; else API Gateway's `requestContext.http.sourceIp`. Requests reach the functions only through
 *    CloudFront (origin-verify header, see origin.ts), so these headers are CloudFront's, not the client's.
 * In the AWS China regions CloudFront runs no functions, so nothing overwrites `X-Viewer-Address`:
 * the stack sets `VIEWER_ADDRESS_FROM=cloudfront` and the header is ignored; the address is
 * `CloudFront-Viewer-Address` (infra/constructs/china-site.ts asks CloudFront for it), else `sourceIp`.
 * Never `X-Forwarded-For`: its first value is whatever the client wrote.
 *
 * The address is used only to count (keyed hash, see functions/domain/limits.ts): it never goes on a
 * case, into a log line, or into a table.
 */
import type { Context } from 'hono';
import { optionalEnv } from '../config.ts';

/** The header the site's CloudFront function sets to the viewer's IP address. */
export const VIEWER_ADDRESS_HEADER = 'X-Viewer-Address';

interface AddressEnv {
  /** @hono/node-server */
  readonly incoming?: { readonly socket?: { readonly remoteAddress?: string } };
  /** hono/aws-lambda (HTTP API payload 2.0) */
  readonly requestContext?: { readonly http?: { readonly sourceIp?: string } };
}

/** `198.51.100.7:46532` → `198.51.100.7`; `2001:db8::1:46532` → `2001:db8::1` (CloudFront appends the port). */
export function withoutPort(viewer: string): string {
  const value = viewer.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return bracketed[1]!;
  const colons = value.split(':').length - 1;
  if (colons === 1) return value.slice(0, value.indexOf(':'));
  if (colons > 1) return value.replace(/:\d+$/, '');
  return value;
}

/**
 * Who writes the viewer's address on AWS: `function`, our CloudFront function (global regions), or
 * only `cloudfront` itself (China: `X-Viewer-Address` is then anybody's and never read).
 */
export type ViewerAddressSource = 'function' | 'cloudfront';

/** Read once at cold start. */
const VIEWER_ADDRESS_FROM: ViewerAddressSource = optionalEnv('VIEWER_ADDRESS_FROM') === 'cloudfront' ? 'cloudfront' : 'function';

export function clientAddress(c: Context, from: ViewerAddressSource = VIEWER_ADDRESS_FROM): string | undefined {
  const env = c.env as AddressEnv | undefined;
  if (env?.requestContext) {
    const ours = from === 'function' ? c.req.header(VIEWER_ADDRESS_HEADER)?.trim() : undefined;
    if (ours) return ours;
    const viewer = c.req.header('CloudFront-Viewer-Address');
    return viewer ? withoutPort(viewer) : env.requestContext.http?.sourceIp;
  }
  return env?.incoming?.socket?.remoteAddress;
}
