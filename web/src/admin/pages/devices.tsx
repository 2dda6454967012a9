/** @jsxImportSource hono/jsx */
/**
 * /admin/devices/: GET /admin/devices/people (whose phones the reader may manage: themselves, and for
 * chiefs the people of their area), GET /admin/devices?principalId for one person's signed-in phones,
 * DELETE one (or all) to sign them out of the officer inbox.
 */
import { api, errorText } from '../api.ts';
import { byId } from '../dom.ts';
import { render } from '../draw.tsx';
import { showError } from '../forms.ts';
import { when } from '../format.ts';
import { onLang, t } from '../lang.ts';
import { boot, roleLabel, status, statusText } from '../shell.ts';
import type { DevicePerson as Person, Devices } from '../../../../functions/api/admin/views.ts';
import { NoRows } from '../ui/table.tsx';

let shown: Devices | undefined;

/** One person's signed-in phones, each with its revoke button (`data-sid`, heard by the table). */
function DeviceRows({ devices }: { readonly devices: Devices['devices'] }) {
  if (devices.length === 0) return <NoRows columns={4} text={t('noDevices')} />;
  return (
    <>
      {devices.map((d) => (
        <tr>
          <td class="wrap">{d.label || '—'}</td>
          <td>{when(d.createdAt)}</td>
          <td>{when(d.expiresAt)}</td>
          <td>
            <button type="button" class="button secondary" data-sid={d.sid}>
              {t('revoke')}
            </button>
          </td>
        </tr>
      ))}
    </>
  );
}

function draw(): void {
  if (!shown) return;
  byId('devices-title').textContent = t('paren', { a: shown.name, b: roleLabel(shown.role) });
  byId('revoke-all').hidden = shown.devices.length === 0;
  render(byId('rows'), <DeviceRows devices={shown.devices} />);
}

const query = (principalId: string) => `principalId=${encodeURIComponent(principalId)}`;

async function load(principalId: string): Promise<void> {
  status('loading');
  try {
    shown = await api<Devices>(`/admin/devices?${query(principalId)}`);
    byId('content').hidden = false;
    status();
    draw();
  } catch (error) {
    statusText(errorText(error));
  }
}

async function revoke(sid?: string): Promise<void> {
  if (!shown) return;
  const principalId = shown.principalId;
  try {
    const before = shown.devices.length;
    if (sid) await api(`/admin/devices/${encodeURIComponent(sid)}?${query(principalId)}`, { method: 'DELETE' });
    else await api(`/admin/devices?${query(principalId)}`, { method: 'DELETE' });
    await load(principalId);
    status('revoked', { n: sid ? 1 : before });
  } catch (error) {
    showError(byId('who-form'), error);
  }
}

const me = await boot('devices.manage');
if (me) {
  const people = await api<Person[]>('/admin/devices/people').catch((error: unknown) => {
    statusText(errorText(error));
    return undefined;
  });
  if (people) {
    const select = byId<HTMLSelectElement>('person');
    // Oneself first, then the people of one's area as the server lists them.
    const ordered = [...people.filter((p) => p.id === me.id), ...people.filter((p) => p.id !== me.id)];
    const fill = () => render(select, ordered.map((p) => <option value={p.id}>{t('paren', { a: p.name, b: roleLabel(p.role) })}</option>));
    fill();
    select.value = me.id;
    select.addEventListener('change', () => void load(select.value));
    byId('rows').addEventListener('click', (event) => {
      const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-sid]');
      if (button) void revoke(button.dataset.sid);
    });
    byId('revoke-all').addEventListener('click', () => void revoke());
    await load(me.id);
    onLang(() => {
      const value = select.value;
      fill();
      select.value = value;
      draw();
    });
  }
}
