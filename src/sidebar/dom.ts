/** Finding the page's elements and emptying them; text goes in through textContent only. */

/** The element with this id, of this kind; a mismatch with Sidebar.html fails loudly at once. */
export function byId<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`Sidebar.html has no #${id} of the right kind.`);
  return found;
}

export function clear(...targets: HTMLElement[]): void {
  for (const target of targets) target.textContent = '';
}

/** Replaces a select's options. */
export function setOptions(
  select: HTMLSelectElement,
  options: readonly { readonly value: string; readonly label: string }[],
): void {
  select.textContent = '';
  for (const { value, label } of options) select.add(new Option(label, value));
}

/** A list item holding a labelled checkbox. */
export function checkboxItem(value: string, label: string, checked: boolean) {
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.value = value;
  box.checked = checked;
  const choice = document.createElement('label');
  choice.className = 'choice';
  choice.append(box, label);
  const item = document.createElement('li');
  item.append(choice);
  return { item, box };
}
