/**
 * `/find?q=…`: the home page's "type your village's name" without JavaScript: the matches, or every
 * village by township, each linking to its contact card.
 */
import type { County } from '../domain/county.ts';
import { fmt } from '../messages/index.ts';
import { QueryLang } from './AreaFilter.tsx';
import { villagesByTownship, type VillageCard } from './roster.ts';
import { countyLang, staticPath, t, type SiteContext } from './site.ts';

interface Props {
  readonly ctx: SiteContext;
  readonly county: Pick<County, 'stations'>;
  /** What was searched for. */
  readonly q: string;
  /** The villages it matches (more than one: one goes straight to its card). */
  readonly found: readonly VillageCard[];
}

function VillageLink({ ctx, id, name }: { readonly ctx: SiteContext; readonly id: string; readonly name: string }) {
  return (
    <li>
      <a href={staticPath(ctx, `/v/${id}/`)} lang={countyLang(ctx)}>
        {name}
      </a>
    </li>
  );
}

export function FindPage({ ctx, county, q, found }: Props) {
  const m = t(ctx);
  return (
    <>
      <h1>{m.find.title}</h1>
      <form class="card" method="get" action="/find" role="search">
        <QueryLang ctx={ctx} />
        <label for="q">{m.home.findLabel}</label>
        <div class="inline">
          <input type="search" id="q" name="q" maxlength={40} value={q} autocomplete="off" />
          <button class="button" type="submit">
            {m.home.findButton}
          </button>
        </div>
      </form>
      {found.length > 1 ? (
        <section class="card" aria-labelledby="found">
          <h2 id="found">{fmt(m.find.results, { n: found.length })}</h2>
          <ul class="villages">
            {found.map((v) => (
              <VillageLink ctx={ctx} id={v.id} name={fmt(m.site.paren, { a: v.name, b: v.township })} />
            ))}
          </ul>
        </section>
      ) : (
        <>
          {q && (
            <p class="card" role="status">
              {fmt(m.find.none, { q })}
            </p>
          )}
          <section class="card" aria-labelledby="all">
            <h2 id="all">{m.home.byTownship}</h2>
            {villagesByTownship(county).map((g) => (
              <>
                <h3 lang={countyLang(ctx)}>{g.township}</h3>
                <ul class="villages">
                  {g.villages.map((v) => (
                    <VillageLink ctx={ctx} id={v.id} name={v.name} />
                  ))}
                </ul>
              </>
            ))}
          </section>
        </>
      )}
    </>
  );
}
