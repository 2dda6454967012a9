/** @jsxImportSource hono/jsx */
/** /admin/devices/: the phones signed in to the officer inbox, one's own or (chiefs) those of the people in one's area, with revoke (web/src/admin/pages/devices.ts). */
import type { County } from '../../../../functions/domain/county.ts';
import { said } from '../words.ts';
import { ConsolePage } from './ConsoleDocument.tsx';
import { Columns, TableCard } from './table.tsx';

export function Devices({ county }: { readonly county: County }) {
  return (
    <ConsolePage title="devicesTitle" page="devices" county={county}>
      <p class="note" {...said('devicesHelp', { url: '/o/inbox' })} />
      <form id="who-form" class="card" novalidate>
        <div class="field">
          <label for="person" {...said('devicesOf')} />
          <select id="person" name="principalId"></select>
        </div>
        <p class="error" data-form-error="" role="alert" hidden></p>
      </form>
      <TableCard
        titleId="devices-title"
        head={
          <>
            <Columns columns={[{ label: 'colDevice', wrap: true }, { label: 'colSignedIn' }, { label: 'colExpires' }]} />
            <th scope="col">
              <span class="sr-only" {...said('revoke')} />
            </th>
          </>
        }
      >
        <button class="button secondary" type="button" id="revoke-all" {...said('revokeAll')} />
      </TableCard>
    </ConsolePage>
  );
}
