/** @jsxImportSource hono/jsx */
/**
 * The browser's half of the console's components (web/src/admin/ui, and the pages' own): they render to
 * HTML with hono/jsx, which escapes every text and attribute, and `render` sets an element's content
 * from it. Events are listened for on elements that stay (event delegation), so redrawing never loses
 * a listener.
 */
import type { Child } from 'hono/jsx';

/** The HTML of components, text escaped (they are synchronous: a promise here is a mistake). */
export function markup(node: Child): string {
  const html: unknown = (<>{node}</>).toString();
  if (typeof html !== 'string' && !(html instanceof String)) throw new Error('an asynchronous component in the console');
  return String(html);
}

/** Replaces an element's content with components (or text, escaped as they escape it). */
export function render(el: Element, node: Child): void {
  el.innerHTML = markup(node);
}

/** Adds components after an element's content. */
export function append(el: Element, node: Child): void {
  el.insertAdjacentHTML('beforeend', markup(node));
}

