// The two string formats the W3C schemas and our own JSON Schema use ("uri", "date-time"),
// shared by the exporters (to emit only valid values) and the validators (Ajv has none built in).

// RFC 3986 absolute URI: scheme ":" then only URI characters or %XX escapes, at most one "#".
const URI =
  /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?[\]]|%[0-9A-Fa-f]{2})*(?:#(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*)?$/;

export function isAbsoluteUri(value: string): boolean {
  return URI.test(value);
}

/**
 * `url` unchanged when it already is a valid URI (so round trips keep it byte for byte),
 * otherwise its WHATWG-normalised form, which percent-encodes non-ASCII and spaces.
 */
export function toUri(url: string): string {
  if (isAbsoluteUri(url)) return url;
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

// RFC 3339 date-time (the JSON Schema "date-time" format).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

// The form the stores and exports write: checked without taking it apart (an import checks several per annotation).
const CANONICAL_UTC = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

export function isDateTime(value: string): boolean {
  if (CANONICAL_UTC.test(value)) return dayExists(value);
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate(); // days in that month
  const offsetOk = m[7] === undefined || (Number(m[7]) <= 23 && Number(m[8]) <= 59);
  // second 60 allows a leap second
  return month >= 1 && month <= 12 && day >= 1 && day <= days && hour <= 23 && minute <= 59 && second <= 60 && offsetOk;
}

/**
 * A date-time (isDateTime) the databases can store: not a leap second (JavaScript's Date has none) and
 * from the year 1 (PostgreSQL's timestamps have no year 0). Imports check their times with it.
 */
export function isStorableDateTime(value: string): boolean {
  return isDateTime(value) && !value.startsWith("0000") && !Number.isNaN(Date.parse(value));
}

/** Day `dd` of "yyyy-mm-dd…" exists in its month (the 29th to 31st do not in every month). */
function dayExists(value: string): boolean {
  const day = Number(value.slice(8, 10));
  if (day <= 28) return true;
  const month = Number(value.slice(5, 7));
  if (month === 2) {
    const year = Number(value.slice(0, 4));
    return day === 29 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  }
  return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
}

/** ISO 8601 UTC with milliseconds ("2024-05-01T10:00:00.000Z"), the xsd:dateTime form we emit. */
export function toUtcDateTime(value: string | Date): string {
  // Already in that form (every time the stores return): the same string, without a Date (the export's hot path).
  if (typeof value === "string" && CANONICAL_UTC.test(value) && dayExists(value)) return value;
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${String(value)}`);
  return date.toISOString();
}
