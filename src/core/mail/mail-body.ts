/** A mail's plain text and its HTML twin from the same lines; the HTML escapes every line. */
export function mailBody(lines: readonly string[]): { text: string; html: string } {
  const escape = (l: string) => l.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
  return { text: lines.join('\n'), html: lines.map((l) => (l === '' ? '<br>' : `<p>${escape(l)}</p>`)).join('') };
}
