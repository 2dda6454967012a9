/** @jsxImportSource hono/jsx */
/**
 * /admin/roster/: the roster (office, station and bureau staff), each editing what lies in their area
 * in one dialog (village, duty contacts, officers); for the bureau also CSV export and import with
 * preview (web/src/admin/pages/roster.ts).
 */
import type { County } from '../../../../functions/domain/county.ts';
import { said } from '../words.ts';
import { Card, ConsolePage } from './ConsoleDocument.tsx';
import { Field, FormEnd } from './form.tsx';
import { Columns } from './table.tsx';

/** The edit dialog: its title and fields are the script's, for what is edited. */
function Editor() {
  return (
    <dialog id="editor" class="editor" aria-labelledby="editor-title">
      <form id="editor-form" novalidate>
        <h2 id="editor-title"></h2>
        <div id="editor-fields"></div>
        <FormEnd submit="save">
          <button class="button secondary" type="button" id="editor-cancel" {...said('cancel')} />
        </FormEnd>
      </form>
    </dialog>
  );
}

export function Roster({ county }: { readonly county: County }) {
  return (
    <ConsolePage title="rosterTitle" page="roster" county={county} outside={<Editor />}>
      <Card titleId="import-title" title="importTitle" id="import" hidden>
        <p class="note" {...said('importHelp')} />
        <p>
          <a href="/api/v1/admin/roster.csv" download="roster.csv" id="roster-csv" {...said('downloadRoster')} />
        </p>
        <form id="import-form" novalidate>
          <div class="field">
            <label for="csv-file" {...said('csvFile')} />
            <input type="file" id="csv-file" accept=".csv,text/csv,text/plain" />
          </div>
          <Field id="csv-text" name="csv" label="csvText" control="textarea" attrs={{ rows: 6, spellcheck: false }} />
          <FormEnd submit="preview" buttonId="preview-button" />
        </form>
        <div id="preview" tabindex={-1} hidden></div>
        <button class="button" type="button" id="apply" hidden {...said('applyImport')} />
      </Card>
      <div id="roster"></div>
      <Card titleId="staff-title" title="staffTitle">
        <table>
          <thead>
            <tr>
              <Columns columns={[{ label: 'colName' }, { label: 'colRole', wrap: true }, { label: 'colUnit', wrap: true }]} />
            </tr>
          </thead>
          <tbody id="staff"></tbody>
        </table>
      </Card>
    </ConsolePage>
  );
}
