// timestamptz text -> Date without a regular expression for what PostgreSQL sends by default
// ("2026-12-01 16:53:52.123456+00", DateStyle ISO): under the engine benchmark pg's own parser
// (postgres-date, three regexes a value) was ~3% of a node's CPU. Anything else (BC, infinity, years
// before 1000, other styles) goes to pg's parser, which is also the test's oracle.
import pg from "pg";

const pgParser = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => Date;

export function parseTimestamptz(text: string): Date {
  if (text.length < 22 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32) return pgParser(text);
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  const hour = digits(text, 11, 13);
  const minute = digits(text, 14, 16);
  const second = digits(text, 17, 19);
  let at = 19;
  let ms = 0;
  if (text.charCodeAt(at) === 46) {
    const start = ++at;
    while (at < text.length && isDigit(text.charCodeAt(at))) at++;
    const n = at - start;
    ms = n >= 3 ? digits(text, start, start + 3) : digits(text, start, at) * 10 ** (3 - n); // truncated, as pg's parser
  }
  const sign = text.charCodeAt(at);
  const zone = text.length - at - 1; // "HH", "HH:MM" or "HH:MM:SS"
  if ((sign !== 43 && sign !== 45) || (zone !== 2 && zone !== 5 && zone !== 8) || year < 1000) return pgParser(text);
  const offsetSeconds = digits(text, at + 1, at + 3) * 3600 + (zone >= 5 ? digits(text, at + 4, at + 6) * 60 : 0) + (zone === 8 ? digits(text, at + 7, at + 9) : 0);
  const utcMs = Date.UTC(year, month - 1, day, hour, minute, second, ms) - (sign === 43 ? 1 : -1) * offsetSeconds * 1000;
  return Number.isNaN(utcMs) || (zone >= 5 && text.charCodeAt(at + 3) !== 58) ? pgParser(text) : new Date(utcMs);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The decimal number in text[from, to); NaN when a character is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return NaN;
    n = n * 10 + code - 48;
  }
  return n;
}

/** Type parsers for a pool: timestamptz through parseTimestamptz, every other type as pg parses it. */
export const SERVER_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.TIMESTAMPTZ && format !== "binary" ? parseTimestamptz : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};
