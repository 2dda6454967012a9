/**
 * The receipt after a form post: the case number and, once only, the tracking code (from the
 * receipt cookie: never in a URL), who was alerted, and the way to follow the case. An urgent call
 * for help says to phone the emergency number now.
 */
import type { Alerted } from '../domain/service.ts';
import { fmt } from '../messages/index.ts';
import { countyText, emergencyLink, fmtHtml, serverPath, staticPath, t, type SiteContext } from './site.ts';

interface Props {
  readonly ctx: SiteContext;
  readonly caseNumber: string;
  /** Shown this once (the cookie was genuine), or gone (a reload, another device). @default - gone */
  readonly trackingCode?: string | undefined;
  /** Who the case alerted, when the cookie proved it is the sender's. @default - not said */
  readonly alerted?: Alerted | undefined;
}

/** `village officer 王军, police assistant 李梅, 3 joint-defence contacts` in the page's language. */
function AlertedList({ ctx, alerted }: { readonly ctx: SiteContext; readonly alerted: Alerted }) {
  const m = t(ctx).receipt;
  const who = [
    fmtHtml(m.alertedOfficer, { name: countyText(ctx, alerted.officer) }),
    ...(alerted.assistant ? [fmtHtml(m.alertedAssistant, { name: countyText(ctx, alerted.assistant) })] : []),
    ...(alerted.defenceContacts > 0 ? [fmt(m.alertedDefence, { n: alerted.defenceContacts })] : []),
  ];
  return <>{who.map((x, i) => (i === 0 ? x : [m.alertedSeparator, x]))}</>;
}

export function ReceiptPage({ ctx, caseNumber, trackingCode, alerted }: Props) {
  const m = t(ctx).receipt;
  return (
    <>
      <h1>{m.title}</h1>
      {alerted?.urgent && (
        <p class="note alert" id="call-now">
          {fmtHtml(m.urgentCall, { number: emergencyLink(ctx) })}
        </p>
      )}
      <p>{m.received}</p>
      {alerted && <p id="alerted">{fmtHtml(m.alerted, { who: <AlertedList ctx={ctx} alerted={alerted} /> })}</p>}
      <div class="card receipt">
        <p>{m.caseNumber}</p>
        <p class="big-code" id="case-number">
          {caseNumber}
        </p>
        {trackingCode ? (
          <>
            <p>{m.trackingCode}</p>
            <p class="big-code" id="tracking-code">
              {trackingCode}
            </p>
            <p class="note alert">
              <strong>{m.saveIt}</strong> {m.onlyOnce}
            </p>
          </>
        ) : (
          <p class="note">{m.codeGone}</p>
        )}
      </div>
      {trackingCode && (
        <form method="post" action="/track">
          <input type="hidden" name="caseNumber" value={caseNumber} />
          <input type="hidden" name="trackingCode" value={trackingCode} />
          <input type="hidden" name="lang" value={ctx.locale} />
          <p>
            <button class="button" type="submit">
              {m.trackNow}
            </button>
          </p>
        </form>
      )}
      <p>{fmtHtml(m.later, { link: <a href={serverPath(ctx, '/track', { case: caseNumber })}>{t(ctx).site.track}</a> })}</p>
      <p>
        <a class="button secondary" href={staticPath(ctx, '/')}>
          {m.again}
        </a>
      </p>
    </>
  );
}
