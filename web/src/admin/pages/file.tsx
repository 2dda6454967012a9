/** @jsxImportSource hono/jsx */
/**
 * /admin/file/: POST /admin/cases as the village information officer, with the resident's consent;
 * the receipt is shown for the resident. A retried send carries the same Idempotency-Key, so a lost
 * answer never makes a second case.
 */
import { api } from '../api.ts';
import { byId } from '../dom.ts';
import { render } from '../draw.tsx';
import { busy, checkText, clearErrors, fieldError, focusFirstError, showError } from '../forms.ts';
import { t } from '../lang.ts';
import { boot, status, villages } from '../shell.ts';

const form = byId<HTMLFormElement>('file-form');
const receipt = byId('receipt');
let key = crypto.randomUUID();

const me = await boot('file');
if (me) {
  const mine = (await villages().catch(() => [])).filter((v) => me.villageIds.includes(v.id));
  render(byId('file-village'), mine.map((v) => <option value={v.id}>{v.name}</option>));
  byId('content').hidden = false;
  status();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });
}

async function send(): Promise<void> {
  clearErrors(form);
  const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
  const checked = (id: string) => byId<HTMLInputElement>(id).checked;
  let ok = checkText(form, 'description', 5, 500);
  if (!checked('file-consent')) ok = !fieldError(form, 'consent', t('fileConsentMissing')) && false;
  if (!ok) return focusFirstError(form);
  const kind = (form.querySelector('input[name="kind"]:checked') as HTMLInputElement).value;
  const json = {
    consent: true,
    villageId: value('villageId'),
    kind,
    description: value('description'),
    ...(value('location') && { location: value('location') }),
    ...(value('name') && { name: value('name') }),
    ...(value('phone') && { phone: value('phone') }),
    // A resident who gives a name or phone is not anonymous, unless it is a tip.
    anonymous: kind === 'tip' || !(value('name') || value('phone')),
    updates: checked('file-updates'),
  };
  await busy(form, async () => {
    try {
      const made = await api<{ caseNumber: string; trackingCode: string }>('/admin/cases', { json, headers: { 'Idempotency-Key': key } });
      key = crypto.randomUUID();
      byId('case-number').textContent = made.caseNumber;
      byId('tracking-code').textContent = made.trackingCode;
      receipt.hidden = false;
      form.reset();
      receipt.focus();
    } catch (error) {
      showError(form, error);
    }
  });
}
