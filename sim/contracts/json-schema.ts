// A small subset of JSON Schema (type, properties, required, items, enum, additionalProperties,
// nullable unions by type arrays) and a checker for it: enough to publish the CLI's --json result
// schemas (cli-results.ts) and to hold the outputs to them in tests. Pure; no package.

export type JsonType = "object" | "array" | "string" | "number" | "integer" | "boolean" | "null";

export interface JsonSchema {
  type?: JsonType | JsonType[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: readonly (string | number | boolean | null)[];
  const?: string | number | boolean;
}

function typeOf(v: unknown): JsonType {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v as JsonType;
}

/** Problems of `value` against `schema`, each "<path>: expected ..., got ..." (empty: it conforms). */
export function checkJson(schema: JsonSchema, value: unknown, at = "$"): string[] {
  const problems: string[] = [];
  const seen = typeOf(value);
  if (schema.type !== undefined) {
    const allowed = Array.isArray(schema.type) ? schema.type : [schema.type];
    const ok = allowed.includes(seen) || (seen === "integer" && allowed.includes("number"));
    if (!ok) return [`${at}: expected ${allowed.join(" or ")}, got ${seen}`];
  }
  if (schema.const !== undefined && value !== schema.const) problems.push(`${at}: expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);
  if (schema.enum && !schema.enum.includes(value as never)) problems.push(`${at}: expected one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}, got ${JSON.stringify(value)}`);
  if (seen === "object") {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in obj)) problems.push(`${at}: missing required field ${JSON.stringify(key)}`);
    for (const [key, v] of Object.entries(obj)) {
      const sub = schema.properties?.[key];
      if (sub) problems.push(...checkJson(sub, v, `${at}.${key}`));
      else if (schema.additionalProperties === false) problems.push(`${at}: unexpected field ${JSON.stringify(key)}`);
      else if (typeof schema.additionalProperties === "object") problems.push(...checkJson(schema.additionalProperties, v, `${at}.${key}`));
    }
  }
  if (seen === "array" && schema.items) (value as unknown[]).forEach((v, i) => problems.push(...checkJson(schema.items!, v, `${at}[${i}]`)));
  return problems;
}
