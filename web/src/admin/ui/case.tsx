/** @jsxImportSource hono/jsx */
/**
 * /admin/case/?n=DEMO-2026-000001: one case with its whole timeline (internal notes marked) and the
 * actions the person's role allows (web/src/admin/pages/case.ts). Static page; the case number is the
 * only thing in the URL.
 */
import type { County } from '../../../../functions/domain/county.ts';
import { said } from '../words.ts';
import { Card, ConsolePage } from './ConsoleDocument.tsx';
import { ActionForm, Choice, ErrorLine, Field } from './form.tsx';

export function Case({ county }: { readonly county: County }) {
  return (
    <ConsolePage
      title="caseTitle"
      page="case"
      county={county}
      headingId="case-title"
      data={{ 'data-assistants-close-service': county.assistantsCloseServiceCases ? 'yes' : 'no' }}
      before={
        <p>
          <a href="/admin/cases/" {...said('backToList')} />
        </p>
      }
    >
      <section class="card" aria-labelledby="case-title">
        <dl class="facts" id="facts"></dl>
      </section>

      <section class="card" aria-labelledby="actions-title" id="actions">
        <h2 id="actions-title" tabindex={-1} {...said('actionsTitle')} />
        <div id="action-alert" class="alert-box" role="alert" tabindex={-1} hidden></div>
        <div id="action-ok" class="ok-box" role="status" tabindex={-1} hidden></div>
        <div class="actions-row">
          <ActionForm action="acknowledge" submit="acknowledge" secondary={false} />
          <ActionForm action="status" status="in_progress" submit="markInProgress" />
          <ActionForm action="status" status="resolved" submit="resolve" />
        </div>

        <ActionForm action="reply" submit="sendReply" secondary={false}>
          <h3>
            <label for="reply-text" {...said('replyLabel')} />
          </h3>
          <div class="field" id="template-field" hidden>
            <label for="reply-template" {...said('template')} />
            <select id="reply-template">
              <option value="" {...said('templateNone')} />
            </select>
          </div>
          <div class="field">
            <textarea id="reply-text" name="text" rows={3} maxlength={500} aria-describedby="reply-text-error"></textarea>
            <ErrorLine id="reply-text-error" name="text" />
          </div>
        </ActionForm>

        <ActionForm action="note" submit="saveNote">
          <Field id="note-text" name="text" label="noteLabel" heading control="textarea" attrs={{ rows: 3, maxlength: 500 }} />
        </ActionForm>

        <ActionForm action="ask" submit="sendAsk">
          <Field id="ask-text" name="text" label="askLabel" heading control="textarea" attrs={{ rows: 3, maxlength: 500 }} />
        </ActionForm>

        <ActionForm action="reward" submit="saveReward">
          <fieldset aria-describedby="verified-error">
            <legend {...said('rewardLegend')} />
            <Choice input={{ type: 'radio', name: 'verified', value: 'yes' }} label="verifiedYes" />
            <Choice input={{ type: 'radio', name: 'verified', value: 'no' }} label="verifiedNo" />
            <ErrorLine id="verified-error" name="verified" />
          </fieldset>
          <Field id="reward-tier" name="tierId" label="tier" control="select" options={[{ value: '', label: 'noTier' }]}>
            {county.rewards.tiers.map((tier) => (
              <option value={tier.id}>
                {tier.label}
                {tier.amountYuan !== undefined ? ` (¥${tier.amountYuan})` : ''}
              </option>
            ))}
          </Field>
        </ActionForm>

        <ActionForm action="payout" heading="payoutLegend" submit="payoutButton">
          <p class="note" {...said('payoutHint')} />
          <Field id="payout-code" name="trackingCode" label="payoutCode" attrs={{ type: 'text', maxlength: 32, autocomplete: 'off', autocapitalize: 'characters', spellcheck: false }} />
        </ActionForm>

        <ActionForm action="transfer" submit="transfer">
          <Field id="transfer-village" name="villageId" label="transferLabel" heading control="select" options={[{ value: '', label: 'chooseVillage' }]} />
          <Field id="transfer-reason" name="reason" label="transferReason" attrs={{ type: 'text', maxlength: 300 }} />
        </ActionForm>

        <ActionForm action="escalate" heading="escalateLabel" submit="escalate">
          <Field id="escalate-reason" name="reason" label="escalateReason" control="textarea" attrs={{ rows: 3, maxlength: 300 }} />
          <Field id="escalate-level" name="level" label="escalateLevel" control="select" />
        </ActionForm>

        <ActionForm action="assign" submit="assign">
          <Field id="assign-village" name="villageId" label="assignLabel" heading control="select" />
          <Field id="assign-reason" name="reason" label="assignReason" attrs={{ type: 'text', maxlength: 300 }} />
        </ActionForm>
      </section>

      <Card titleId="timeline-title" title="timeline">
        <ol class="timeline" id="timeline"></ol>
      </Card>

      <Card titleId="sms-title" title="notifications">
        <ul id="notifications"></ul>
      </Card>
    </ConsolePage>
  );
}
