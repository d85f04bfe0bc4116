/**
 * Anonymous complaints and reports about the office (ماده ۲۰), typed at the kiosk or on the
 * applicant's screen and sealed for the Center: the office keeps no text, no identity and no time
 * finer than the day (docs/SYNC-PROTOCOL.md § Complaints).
 */

/** The longest complaint (characters, after cleaning). */
export const COMPLAINT_TEXT_MAX = 2000;
/** The shortest one worth sending. */
export const COMPLAINT_TEXT_MIN = 10;

/**
 * Markup is refused, not neutralised: the Center reads the text in its own tools, and a complaint
 * that carries tags, entities or a script URL is either an attack or pasted from somewhere else.
 * An angle bracket before a letter, «/», «!» or «?» (a tag, a comment, a declaration), an HTML
 * entity, or a `javascript:` / `data:` URL.
 */
const MARKUP = /<\s*[\p{L}/!?]|&(#\d+|#x[0-9a-f]+|[a-z]{2,8});|\b(javascript|vbscript|data)\s*:/iu;

export function hasMarkup(text: string): boolean {
  return MARKUP.test(text);
}
