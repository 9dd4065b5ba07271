// Deep merge of plain data (scenario over base, overrides over scenario): objects merge key by key,
// arrays and scalars replace. Also the `--set path=value` override parser.

import { errors } from "../lib/errors.ts";

type Plain = Record<string, unknown>;

function isPlain(v: unknown): v is Plain {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function deepMerge<T>(base: T, over: unknown): T {
  if (!isPlain(base) || !isPlain(over)) return (over === undefined ? base : over) as T;
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    out[key] = key in base ? deepMerge(base[key], value) : value;
  }
  return out as T;
}

/**
 * Turns `a.b.c=value` into `{a: {b: {c: value}}}`. The value is JSON when it parses as JSON
 * (numbers, booleans, arrays, objects, quoted strings), a plain string otherwise.
 */
export function parseSetOverride(text: string): Plain {
  const eq = text.indexOf("=");
  const path = eq > 0 ? text.slice(0, eq) : "";
  if (!/^[A-Za-z_][\w]*(\.[A-Za-z_\d][\w]*)*$/.test(path)) {
    throw errors.invalidArgument("--set", text, "path=value with a dotted path, e.g. server.nodes=4");
  }
  const raw = text.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // not JSON: keep the plain string
  }
  return path.split(".").reduceRight<unknown>((acc, key) => (/^\d+$/.test(key) ? arrayAt(Number(key), acc) : { [key]: acc }), value) as Plain;
}

function arrayAt(index: number, value: unknown): unknown {
  throw errors.invalidArgument("--set", index, `an object key: array elements cannot be set one by one (set the whole array as JSON, got value ${JSON.stringify(value)})`);
}
