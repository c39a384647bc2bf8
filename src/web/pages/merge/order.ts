/**
 * Ticked ids in the order the table shows them. Rows ticked on the page in view take their table
 * order; rows ticked on other pages (not in view) keep their place in the ticking order.
 */
export function inTableOrder(ticked: string[], rows: { id: string }[]): string[] {
  const position = new Map(rows.map((r, i) => [r.id, i]));
  const shown = ticked.filter((id) => position.has(id)).sort((a, b) => position.get(a)! - position.get(b)!);
  let next = 0;
  return ticked.map((id) => (position.has(id) ? shown[next++] : id));
}
