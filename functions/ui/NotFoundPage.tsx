/**
 * `/404.html`: what a mistyped address or an old link shows (in the county's language, with the
 * usual header: the emergency number, and the way home).
 */
import { Document } from './Document.tsx';
import { staticPath, staticSwitch, t, type SiteContext } from './site.ts';

export interface Props {
  readonly ctx: SiteContext;
}

export function NotFoundPage({ ctx }: Props) {
  const m = t(ctx);
  return (
    <Document ctx={ctx} title={m.notFound.title} switchTo={staticSwitch(ctx, '/')} script>
      <h1>{m.notFound.title}</h1>
      <p><a class="button" href={staticPath(ctx, '/')}>{m.notFound.home}</a></p>
    </Document>
  );
}
