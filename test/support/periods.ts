/**
 * The months `first` .. `last` ('YYYY-MM'), both included. Counted here rather than with the
 * service's own date functions, so a test's expected months do not share a bug with the service.
 */
export function monthsFromTo(first: string, last: string): string[] {
  const months: string[] = [];
  for (let [y, m] = first.split('-').map(Number); ; [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1]) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > last) return months;
    months.push(month);
  }
}
