const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

// XML 1.0 forbids most control characters even when escaped; drop them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for XML content and attributes; newlines in attributes are kept as character references. */
export function escapeXml(value: unknown): string {
  return escapeHtml(String(value).replace(XML_INVALID, '')).replace(/\n/g, '&#10;');
}

/** JSON for a <script type="application/json"> block: `<` escaped so no `</script>` or `<!--` can close it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Escapes text for a Markdown table cell (GitHub renders inline HTML, so `<` and `&` are escaped too). */
export function escapeMarkdownCell(value: unknown): string {
  return String(value)
    .replace(/[&<>]/g, (c) => ENTITIES[c] as string)
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}
