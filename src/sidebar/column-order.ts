/** The chosen report columns, kept in the order the column list shows them. */
import type { FieldOption } from '../core/sidebar-api';

/** The saved columns the server still offers, or its defaults when none of them is left. */
export function chosenColumns(
  saved: readonly string[],
  options: readonly FieldOption[],
  defaults: readonly string[],
): string[] {
  const known = new Set(options.map((option) => option.name));
  const kept = saved.filter((name) => known.has(name));
  return kept.length > 0 ? kept : defaults.filter((name) => known.has(name));
}

/** The columns with `name` ticked or not; a newly ticked one goes where it stands in the list. */
export function withColumn(
  columns: readonly string[],
  options: readonly FieldOption[],
  name: string,
  ticked: boolean,
): string[] {
  const others = columns.filter((column) => column !== name);
  if (!ticked) return others;
  const order = (column: string) => options.findIndex((option) => option.name === column);
  const position = others.findIndex((column) => order(column) > order(name));
  if (position < 0) return [...others, name];
  return [...others.slice(0, position), name, ...others.slice(position)];
}
