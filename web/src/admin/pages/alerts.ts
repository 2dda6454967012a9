/** /admin/alerts/: the alerts in force (GET /api/v1/alerts) and, for station and bureau staff, the publish form. */
import { api, errorText } from '../api.ts';
import { byId, h, put } from '../dom.ts';
import { busy, checkText, clearErrors, fieldError, focusFirstError, showError } from '../forms.ts';
import { fromLocalInput, toLocalInput, when } from '../format.ts';
import { onLang, setT, t } from '../lang.ts';
import { boot, status, statusText, type Me } from '../shell.ts';
import type { Alert } from '../../../../functions/api/admin/views.ts';
import { can } from '../../../../functions/domain/permissions.ts';

let alerts: Alert[] = [];
const list = byId('alerts');

function render(): void {
  put(
    list,
    alerts.length === 0
      ? h('li', null, t('noAlerts'))
      : alerts.map((a) =>
          h('li', { class: 'card' }, h('h3', null, a.title), h('p', { class: 'alert-meta' }, t('alertMeta', { by: a.publishedBy, at: when(a.publishedAt), until: when(a.expiresAt) })), h('p', { class: 'alert-body' }, a.body)),
        ),
  );
}

async function load(me: Me): Promise<void> {
  try {
    alerts = await api<Alert[]>(`/alerts${me.role === 'station' && me.stationId ? `?stationId=${encodeURIComponent(me.stationId)}` : ''}`);
    byId('content').hidden = false;
    status();
    render();
  } catch (error) {
    statusText(errorText(error));
  }
}

async function setupPublish(me: Me): Promise<void> {
  const form = byId<HTMLFormElement>('alert-form');
  const expires = byId<HTMLInputElement>('alert-expires');
  const ok = byId('publish-ok');
  const defaults = () => {
    expires.value = toLocalInput(Date.now() + 7 * 86_400_000);
    expires.min = toLocalInput(Date.now());
  };
  byId('publish').hidden = false;
  defaults();
  if (me.role === 'bureau') {
    byId('scope-field').hidden = false;
    const roster = await api<{ stations: { id: string; name: string }[] }>('/admin/roster').catch(() => ({ stations: [] }));
    const select = byId<HTMLSelectElement>('alert-scope');
    for (const s of roster.stations) select.append(h('option', { value: s.id }, s.name));
  } else byId('scope-own').hidden = false;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    ok.hidden = true;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    const expiresAt = fromLocalInput(expires.value);
    const titleOk = checkText(form, 'title', 2, 60);
    const bodyOk = checkText(form, 'body', 5, 2000);
    if (!expiresAt) fieldError(form, 'expiresAt', t('required'));
    else if (Date.parse(expiresAt) <= Date.now()) fieldError(form, 'expiresAt', t('mustBeFuture'));
    if (!titleOk || !bodyOk || !expiresAt || Date.parse(expiresAt) <= Date.now()) return focusFirstError(form);
    await busy(form, async () => {
      try {
        await api('/admin/alerts', { json: { title: value('title'), body: value('body'), expiresAt, ...(me.role === 'bureau' && value('stationId') && { stationId: value('stationId') }) } });
        form.reset();
        defaults();
        ok.hidden = false;
        setT(ok, 'published');
        ok.focus();
        await load(me);
      } catch (error) {
        showError(form, error);
      }
    });
  });
}

const me = await boot();
if (me) {
  await load(me);
  if (can(me, 'alerts.publish')) await setupPublish(me);
  onLang(render);
}
