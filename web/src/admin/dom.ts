/** A few lines of DOM building: text always goes in as text (never as HTML). */
type Child = Node | string | number | null | undefined | false;
export type Children = (Child | readonly Child[])[];
type Attrs = Readonly<Record<string, string | number | boolean | null | undefined>>;

function fill<E extends Element>(el: E, attrs: Attrs | null | undefined, children: Children): E {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) el.append(typeof child === 'number' ? String(child) : child);
  return el;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Children): HTMLElementTagNameMap[K] {
  return fill(document.createElement(tag), attrs, children);
}

export function svg(tag: string, attrs?: Attrs | null, ...children: Children): SVGElement {
  return fill(document.createElementNS('http://www.w3.org/2000/svg', tag), attrs, children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing`);
  return el as T;
}

/** Replaces an element's content. */
export function put(el: Element, ...children: Children): void {
  el.replaceChildren();
  fill(el, null, children);
}
