// Validates a parsed request body against a zod schema; the first problem becomes a 400 naming the
// field (dotted path, e.g. "machines.17.endpoint").
import type { z } from "zod";
import { badRequest } from "../errors.ts";
import { dottedPath, issuePath } from "../zod-issue.ts";

export function validateBody<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = dottedPath(issuePath(issue)) || "body";
  throw badRequest(`${field}: ${issue.message}`, field);
}
