/** Attribute values of {@link h}: strings and numbers are set, `true` sets an empty attribute, false/undefined skip. */
export type Attrs = Record<string, string | number | boolean | undefined>;
/** A child of {@link h}; null, undefined and false are skipped. */
export type Child = Node | string | null | undefined | false;

/** Creates an element with attributes (set with `setAttribute`, so `for` and `aria-*` work) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) {
      continue;
    }
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
  return element;
}

/** Replaces an element's children. */
export function replace(element: Element, ...children: Child[]): void {
  element.replaceChildren(
    ...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false),
  );
}

/** Sets or removes a boolean attribute. */
export function toggleAttr(element: Element, name: string, on: boolean, value = 'true'): void {
  if (on) {
    element.setAttribute(name, value);
  } else {
    element.removeAttribute(name);
  }
}

/**
 * An id as text with a line-break opportunity after each `_`, `-`, `.` and `/`, so a long id wraps
 * between its words instead of being cut short (`textContent` stays the id).
 */
export function breakable(id: string): Child[] {
  return id
    .split(/(?<=[-_./])/)
    .flatMap((part, i) => (i === 0 ? [part] : [document.createElement('wbr'), part]));
}

let counter = 0;
/** A page-unique id for label `for=` and `aria-describedby` links. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}
