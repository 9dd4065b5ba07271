// Where a zod validation issue points: the path of the offending field (an unknown key's own path
// rather than its parent object's) and that path as dotted text.
import type { z } from "zod";

export function issuePath(issue: z.core.$ZodIssue): PropertyKey[] {
  const keys = issue.code === "unrecognized_keys" ? issue.keys.slice(0, 1) : [];
  return [...issue.path, ...keys];
}

export function dottedPath(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}
