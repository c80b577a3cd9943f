// A count with its noun, for every counter the app shows ("0 disputes", "1 reply", "2 replies"): one
// rule in one place, so no counter says "0 dispute" or "2 replys". Pure: pages and client components use it.

/** `n` (with thousands separators) and `one` when n is 1, else `many` (by default `one` + "s"). */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
