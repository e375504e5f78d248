// Escapes text for HTML, in an element or in a quoted attribute: pages the server writes (the desk's
// first navigation) and e-mails (notices) both put user-given names and titles in HTML.
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
