/** @jsxImportSource hono/jsx */
/** The console's tables: a card holding one table its page's script fills, and column headings. */
import type { Child } from 'hono/jsx';
import { said, type Key } from '../words.ts';

/** A column heading: its dictionary key; `wrap` lets a long heading wrap. */
export interface Column {
  readonly label: Key;
  readonly wrap?: boolean;
}

/** A table's column headings. */
export function Columns({ columns }: { readonly columns: readonly Column[] }) {
  return (
    <>
      {columns.map((c) => (
        <th scope="col" class={c.wrap ? 'wrap' : undefined} {...said(c.label)} />
      ))}
    </>
  );
}

interface TableCardProps {
  /** The heading's id (the scrolling region is labelled by it). */
  readonly titleId: string;
  /** The heading's dictionary key; without it the page's script writes the heading. */
  readonly title?: Key;
  /** A note under the heading. */
  readonly note?: Child;
  /** The column headings (`<th>`s). */
  readonly head: Child;
  /** What follows the table (a button). */
  readonly children?: Child;
}

/**
 * A card holding one table the page script fills (`tbody#rows`): its heading, a note, and a wrapper
 * that scrolls sideways on a phone and can be reached by keyboard.
 */
export function TableCard({ titleId, title, note, head, children }: TableCardProps) {
  return (
    <section class="card">
      {title ? <h2 id={titleId} {...said(title)} /> : <h2 id={titleId}></h2>}
      {note !== undefined && <p class="note">{note}</p>}
      <div class="table-wrap" tabindex={0} role="region" aria-labelledby={titleId}>
        <table>
          <thead>
            <tr>{head}</tr>
          </thead>
          <tbody id="rows"></tbody>
        </table>
      </div>
      {children}
    </section>
  );
}

/** The one row of a table with nothing to show, across all its columns. */
export function NoRows({ columns, text }: { readonly columns: number; readonly text: string }) {
  return (
    <tr>
      <td colspan={columns} class="wrap">
        {text}
      </td>
    </tr>
  );
}
