/**
 * What a refused form post gets back as a page: the report form again, with everything typed and a
 * message next to each bad field or a notice above it, or the generic errors page when the post has
 * no report form to go back to. The submit spine (submit.ts) and the app's error handling (app.ts)
 * load this module with the first such post: it is a chunk of its own (infra/bundling.ts), so the
 * api function's cold start carries neither the report form nor the page components.
 */
import type { CaseKind } from '../domain/case.ts';
import type { County, Locale } from '../domain/county.ts';
import { otherLocale } from '../messages/index.ts';
import { documentString } from '../ui/BarePage.tsx';
import { ErrorsPage } from '../ui/ErrorsPage.tsx';
import { reportForm, type ReportFormModel } from '../ui/ReportForm.tsx';
import { villageCards, villagesByTownship } from '../ui/roster.ts';
import { staticPath, t, type SiteContext } from '../ui/site.ts';
import type { ApiDeps } from './deps.ts';
import { uploadOrigin } from './photos.ts';
import type { FieldProblem } from './problem.ts';
import { renderPage } from './public-page.ts';

/** The generic errors page (no report form to go back to), as HTML. */
export function errorsPageHtml(locale: Locale, errors: readonly FieldProblem[]): Promise<string> {
  return documentString(<ErrorsPage locale={locale} errors={errors} />);
}

/** The report form again, with the village fixed when the post named a known one. */
export async function reportFormAgain(
  deps: Pick<ApiDeps, 'photos'>,
  county: County,
  ctx: SiteContext,
  kind: CaseKind,
  values: Record<string, string>,
  errors: Record<string, string>,
  notice: ReportFormModel['notice'] | undefined,
  status: 400 | 428 | 429 | 500,
): Promise<Response> {
  const card = villageCards(county).find((v) => v.id === values.villageId);
  const path = card ? `/v/${card.id}/${kind}/` : `/report/${kind}/`;
  return renderPage({
    ctx,
    title: t(ctx).kinds[kind].title,
    body: reportForm({
      ctx,
      kind,
      county,
      ...(card && { village: { id: card.id, name: card.name, officer: card.officer.name } }),
      townships: villagesByTownship(county),
      values,
      errors,
      ...(notice && { notice }),
    }),
    // The other language's form is a static page: what was typed stays here.
    switchTo: { href: staticPath({ ...ctx, locale: otherLocale(ctx.locale) }, path) },
    script: 'report',
    status,
    // The form's script uploads photos straight to the photos bucket.
    ...(deps.photos && { connectSrc: [await uploadOrigin(deps.photos)] }),
  });
}
