/**
 * Finding people by any part of the name, through the character/pair index of
 * migration 1764001300000 (`name_grams`); see there why not pg_trgm.
 */

/** The grams a name must hold to contain the term: its one character, or all its character pairs. */
export function searchGrams(term: string): string[] {
  const chars = Array.from(term.toLowerCase());
  if (chars.length === 1) return chars;
  return [...new Set(chars.slice(1).map((c, i) => chars[i] + c))];
}

/**
 * An SQL condition on a talents name column: indexed by the grams, exact by
 * the substring re-check (pairs found apart are not the term). `param` adds a
 * query parameter and returns its placeholder.
 */
export function nameContains(column: string, term: string, param: (value: unknown) => string): string {
  return `(name_grams(${column}) @> ${param(searchGrams(term))}::text[] AND strpos(lower(${column}), ${param(term.toLowerCase())}) > 0)`;
}

/** Four characters a person can read off the end of an ID number (the mask shows them). */
export const ID_LAST4 = /^\d{3}[\dXx]$/;

/** An SQL condition on a talents row: the last four characters of the ID number. */
export function idLast4Is(maskedColumn: string, last4: string, param: (value: unknown) => string): string {
  return `right(${maskedColumn}, 4) = ${param(last4.toUpperCase())}`;
}
