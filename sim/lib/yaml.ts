// A small, deterministic YAML writer for JSON-like data (manifests): block maps and sequences in key
// order as given, strings plain only when no YAML 1.1 or 1.2 reader could take them for anything else,
// multi-line text as literal blocks. Not a parser; the output is read back by tests and by kubectl.

export type YamlValue = string | number | boolean | null | undefined | YamlValue[] | { [key: string]: YamlValue };

/** Scalars a YAML 1.1 reader (go-yaml v2, used by kubectl's libraries) turns into booleans or null. */
const RESERVED = /^(?:y|n|yes|no|on|off|true|false|null|~)$/i;
const PLAIN = /^[A-Za-z_/$][A-Za-z0-9_./$()-]*$/;

function scalar(value: string | number | boolean | null): string {
  if (value === null) return "null";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`yaml: ${value} has no YAML form`);
    return String(value);
  }
  if (typeof value === "boolean") return String(value);
  return PLAIN.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
}

/** A literal block for text of several lines that a block can hold exactly. */
function literalBlock(text: string, indent: string): string | undefined {
  if (!text.includes("\n") || /[\r\t]/.test(text) || /^[ ]/.test(text) || / \n|[^\n]$|\n\n$/.test(text)) return undefined;
  const lines = text.slice(0, -1).split("\n");
  return `|\n${lines.map((line) => (line ? `${indent}${line}` : "")).join("\n")}`;
}

function isEmpty(value: YamlValue): boolean {
  return Array.isArray(value) ? value.length === 0 : typeof value === "object" && value !== null && Object.values(value).every((v) => v === undefined);
}

function node(value: YamlValue, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return " []";
    return value.map((item) => `\n${indent}-${item !== null && typeof item === "object" && !isEmpty(item) ? node(item, `${indent}  `).replace(/^\n\s*/, " ") : node(item, `${indent}  `)}`).join("");
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return " {}";
    return entries.map(([key, v]) => `\n${indent}${scalar(key)}:${node(v, `${indent}  `)}`).join("");
  }
  if (value === undefined) throw new TypeError("yaml: undefined outside a map");
  if (typeof value === "string") {
    const block = literalBlock(value, indent);
    if (block) return ` ${block}`;
  }
  return ` ${scalar(value)}`;
}

/** One YAML document (no leading "---"), ending in a newline. */
export function toYaml(value: YamlValue): string {
  return `${node(value, "").replace(/^\n/, "").replace(/^ /, "")}\n`;
}

/** Several documents separated by "---" lines, with an optional comment header. */
export function toYamlDocuments(documents: readonly YamlValue[], header?: string): string {
  const comment = header ? `${header.split("\n").map((line) => `# ${line}`.trimEnd()).join("\n")}\n` : "";
  return comment + documents.map((d) => `---\n${toYaml(d)}`).join("");
}
