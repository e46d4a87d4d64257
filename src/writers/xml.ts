// Text for XML the writers make (REFI-QDA, Excel): escaped, and without the characters XML 1.0
// cannot hold, so a stray control character in a memo never makes a file unreadable.

/** Drops what XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/FFFF). */
export function xmlSafe(s: string): string {
  return s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

/** Escapes text for an XML element; \r as a reference, or XML's line-end handling turns it into \n. */
export function escapeXml(s: string): string {
  return xmlSafe(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Escapes a double-quoted attribute value: line breaks and tabs as references, or parsers turn them into spaces. */
export function escapeAttr(s: string): string {
  return escapeXml(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
