/** @jsxImportSource hono/jsx */
/**
 * /admin/file/: a village information officer (信息员) files a case for a resident, with the resident's
 * consent, from a signed-in phone; the receipt (case number and tracking code) is for the resident
 * (web/src/admin/pages/file.ts).
 */
import type { County } from '../../../../functions/domain/county.ts';
import { said, type Key } from '../words.ts';
import { ConsolePage } from './ConsoleDocument.tsx';
import { Choice, ErrorLine, Field, FormEnd } from './form.tsx';

const KINDS = ['dispute', 'hazard', 'service', 'help', 'tip'] as const;

export function File({ county }: { readonly county: County }) {
  return (
    <ConsolePage title="fileTitle" page="file" county={county}>
      <p {...said('fileIntro')} />
      <section class="card ok-box" id="receipt" tabindex={-1} hidden aria-labelledby="receipt-title">
        <p id="receipt-title" {...said('fileDone')} />
        <dl class="facts">
          <dt {...said('fileCaseNumber')} />
          <dd id="case-number"></dd>
          <dt {...said('fileTrackingCode')} />
          <dd id="tracking-code"></dd>
        </dl>
      </section>
      <form id="file-form" class="card" novalidate>
        <Field id="file-village" name="villageId" label="fileVillage" control="select" errors={false} />
        <fieldset aria-describedby="file-kind-error">
          <legend {...said('fileKind')} />
          {KINDS.map((k, i) => (
            <Choice input={{ type: 'radio', name: 'kind', value: k, checked: i === 0 }} label={`kind_${k}` as Key} />
          ))}
          <ErrorLine id="file-kind-error" name="kind" />
        </fieldset>
        <Field id="file-description" name="description" label="fileDescription" control="textarea" attrs={{ rows: 4, maxlength: 500, required: true }} />
        <Field id="file-location" name="location" label="fileLocation" attrs={{ type: 'text', maxlength: 120 }} />
        <Field id="file-name" name="name" label="fileName" attrs={{ type: 'text', maxlength: 40, autocomplete: 'off' }} />
        <Field id="file-phone" name="phone" label="filePhone" attrs={{ type: 'tel', maxlength: 20, autocomplete: 'off' }} />
        <Choice input={{ type: 'checkbox', id: 'file-updates', name: 'updates' }} label="fileUpdates" />
        <div class="field">
          <Choice input={{ type: 'checkbox', id: 'file-consent', name: 'consent', 'aria-describedby': 'file-consent-error' }} label="fileConsent" />
          <ErrorLine id="file-consent-error" name="consent" />
        </div>
        <FormEnd submit="fileSend" />
      </form>
    </ConsolePage>
  );
}
