/**
 * The small GET forms of the public server pages (which alerts, which area's figures, which village):
 * a GET form's address carries the page's language (`?lang=`) when it is not the county's.
 */
import type { SiteContext } from './site.ts';
import { countyLang } from './site.ts';

/** The page's language on a GET form, when it is not the county's. */
export function QueryLang({ ctx }: { readonly ctx: SiteContext }) {
  return ctx.locale !== ctx.defaultLocale ? <input type="hidden" name="lang" value={ctx.locale} /> : null;
}

interface AreaFilterProps {
  readonly ctx: SiteContext;
  /** The page the form shows again with the area chosen. */
  readonly action: string;
  /** The field's name and id (`station`, `area`). */
  readonly name: string;
  readonly label: string;
  /** The first choice: every area (the county). */
  readonly all: string;
  /** The areas to choose from, by id, named in the county's language. */
  readonly areas: readonly { readonly id: string; readonly name: string }[];
  /** The area shown now. @default - all */
  readonly selected?: string | undefined;
  readonly button: string;
}

/** Choose a township (a station's area) or the whole county. */
export function AreaFilter({ ctx, action, name, label, all, areas, selected, button }: AreaFilterProps) {
  return (
    <form class="card" method="get" action={action}>
      <QueryLang ctx={ctx} />
      <div class="field">
        <label for={name}>{label}</label>
        <div class="inline">
          <select id={name} name={name}>
            <option value="">{all}</option>
            {areas.map((a) => (
              <option value={a.id} selected={a.id === selected} lang={countyLang(ctx)}>
                {a.name}
              </option>
            ))}
          </select>
          <button class="button" type="submit">
            {button}
          </button>
        </div>
      </div>
    </form>
  );
}
