// What counts as a valid id or code. Session and group ids become folder names, so they are
// kept to characters that are safe in every file system and can never climb out of the project.
import { UserError } from '../errors.js';

export const SLUG_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const CODE_RE = /^[A-Za-z][A-Za-z0-9_-]{0,15}$/;
export const LOCAL_ID_RE = /^[A-Za-z][A-Za-z0-9_-]*$/;
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** A GUID as REFI-QDA writes it, with or without braces. */
export const GUID_RE = /^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/;

export const SLUG_HELP = 'lowercase letters, digits, - and _, starting with a letter or digit (e.g. elvedal-1)';
export const CODE_HELP = 'a letter, then letters, digits, - or _ (e.g. P1, M1)';

// Segments are lowercase letters (æøå and any script), digits, - and _: safe in file names and
// unambiguous to type; labels carry the display form.
export const CODE_PATH_RE = /^(?=.{1,120}$)[\p{Ll}\p{Lo}\p{Nd}][\p{Ll}\p{Lo}\p{Nd}_-]*(?:\/[\p{Ll}\p{Lo}\p{Nd}][\p{Ll}\p{Lo}\p{Nd}_-]*)*$/u;
export const CODE_PATH_HELP = 'a code path: lowercase words joined by / (e.g. arenaer/hjemmet)';

export function isRealDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A value from the command line, quoted and cut short (formatProblem escapes line breaks). */
export function quoted(value: string): string {
  return `'${value.length > 70 ? `${value.slice(0, 67)}...` : value}'`;
}

/** Session and group ids and guide names become folder and file names: checked before any use. */
export function checkSlug(kind: string, value: string): string {
  if (!SLUG_RE.test(value)) throw new UserError(`invalid ${kind} ${quoted(value)}: use ${SLUG_HELP}`, undefined, 'invalid-id');
  return value;
}

export function checkDate(flag: string, value: string): string {
  if (!isRealDate(value)) throw new UserError(`${flag} expects a date like 2025-03-12, got '${value}'`, undefined, 'invalid-date');
  return value;
}

/** Orders codes the way people count them: P2 before P10. */
export function compareCodes(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
