/**
 * A component's HTML as a string: what an Astro page puts in `set:html` (`await render(<Page …/>)`
 * in a .tsx helper, or `renderHtml(Page, props)`) and what the server sends. hono/jsx renders a tree
 * synchronously unless a child is a promise (an async component, or a hono/html template that holds
 * one); awaiting `toString()` covers both.
 */
import type { Child, FC } from 'hono/jsx';
import { jsx } from 'hono/jsx/jsx-runtime';

export async function render(node: Child): Promise<string> {
  return String(await (await node)?.toString());
}

/** `render(<Component {...props} />)` for a caller that cannot write JSX (an Astro page's frontmatter). */
export function renderHtml<P extends object>(component: FC<P>, props: P): Promise<string> {
  return render(jsx(component, props as Record<string, unknown>));
}
