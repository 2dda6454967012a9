/** @jsxImportSource hono/jsx */
/** /admin/alerts/: the alerts in force (GET /api/v1/alerts) and, for station and bureau staff, the publish form. */
import { api, errorText } from '../api.ts';
import { byId } from '../dom.ts';
import { append, render } from '../draw.tsx';
import { busy, checkText, clearErrors, fieldError, focusFirstError, showError } from '../forms.ts';
import { fromLocalInput, toLocalInput, when } from '../format.ts';
import { onLang, setT, t } from '../lang.ts';
import { boot, status, statusText, type Me } from '../shell.ts';
import type { Alert } from '../../../../functions/api/admin/views.ts';
import { can } from '../../../../functions/domain/permissions.ts';

let alerts: Alert[] = [];
const list = byId('alerts');

/** The alerts in force, newest first as the API lists them. */
function AlertList({ alerts }: { readonly alerts: readonly Alert[] }) {
  if (alerts.length === 0) return <li>{t('noAlerts')}</li>;
  return (
    <>
      {alerts.map((a) => (
        <li class="card">
          <h3>{a.title}</h3>
          <p class="alert-meta">{t('alertMeta', { by: a.publishedBy, at: when(a.publishedAt), until: when(a.expiresAt) })}</p>
          <p class="alert-body">{a.body}</p>
        </li>
      ))}
    </>
  );
}

const draw = () => render(list, <AlertList alerts={alerts} />);

async function load(me: Me): Promise<void> {
  try {
    alerts = await api<Alert[]>(`/alerts${me.role === 'station' && me.stationId ? `?stationId=${encodeURIComponent(me.stationId)}` : ''}`);
    byId('content').hidden = false;
    status();
    draw();
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
    append(select, roster.stations.map((s) => <option value={s.id}>{s.name}</option>));
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
  onLang(draw);
}
