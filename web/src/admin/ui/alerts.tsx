/** @jsxImportSource hono/jsx */
/** /admin/alerts/: alerts in force (everyone signed in); station and bureau staff publish new ones (web/src/admin/pages/alerts.ts). */
import type { County } from '../../../../functions/domain/county.ts';
import { said } from '../words.ts';
import { Card, ConsolePage } from './ConsoleDocument.tsx';
import { Field, FormEnd } from './form.tsx';

export function Alerts({ county }: { readonly county: County }) {
  return (
    <ConsolePage title="alertsTitle" page="alerts" county={county}>
      <Card titleId="publish-title" title="publishTitle" id="publish" hidden>
        <div id="publish-ok" class="ok-box" role="status" tabindex={-1} hidden></div>
        <form id="alert-form" novalidate>
          <Field id="alert-title" name="title" label="alertTitle" hint="alertTitleHint" attrs={{ type: 'text', maxlength: 60, required: true }} />
          <Field id="alert-body" name="body" label="alertBody" hint="alertBodyHint" control="textarea" attrs={{ rows: 5, maxlength: 2000, required: true }} />
          <div id="scope-field" hidden>
            <Field id="alert-scope" name="stationId" label="scope" control="select" options={[{ value: '', label: 'scopeCounty' }]} />
          </div>
          <p id="scope-own" hidden>
            <strong {...said('scope')} />：<span {...said('scopeOwn')} />
          </p>
          <Field id="alert-expires" name="expiresAt" label="expires" hint="expiresHint" hintParams={{ tz: county.timezone }} attrs={{ type: 'datetime-local', required: true }} />
          <FormEnd submit="publish" />
        </form>
      </Card>
      <Card titleId="current-title" title="currentAlerts">
        <ul class="alert-list" id="alerts"></ul>
      </Card>
    </ConsolePage>
  );
}
