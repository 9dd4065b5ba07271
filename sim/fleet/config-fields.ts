// Field checks for configs read from untrusted JSON: each failure names the field, the value and what was expected.

import { errors } from "../lib/errors.ts";

export function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw errors.invalidArgument(field, value, "an object");
  return value as Record<string, unknown>;
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== "string" || value === "") throw errors.invalidArgument(field, value, "a non-empty string");
  return value;
}

export function requireNonNegativeInt(value: unknown, field: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw errors.invalidArgument(field, value, "a non-negative integer");
  return value as number;
}

export function requireNumberIn(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== "number" || !(value >= min && value <= max)) throw errors.invalidArgument(field, value, `a number in [${min}, ${max}]`);
  return value;
}
