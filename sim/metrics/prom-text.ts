// Parser for the Prometheus text exposition format 0.0.4 (what prom-client and Toxiproxy emit):
// HELP/TYPE families, labels with \\ \" \n escapes, histogram/summary suffixes grouped under their
// family, NaN/±Inf in any letter case ("Nan" from prom-client), optional timestamps; `# EOF` ignored.
import type { MetricFamily, MetricType } from "../contracts/index.ts";

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const FULL_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set<MetricType>(["counter", "gauge", "histogram", "summary", "untyped"]);
/** Sample-name suffixes that belong to a family of the given type. */
const SUFFIXES: Partial<Record<MetricType, string[]>> = {
  histogram: ["_bucket", "_sum", "_count", "_created"],
  summary: ["_sum", "_count", "_created"],
  counter: ["_total", "_created"],
};

export function parsePromText(text: string): MetricFamily[] {
  const families = new Map<string, MetricFamily>();
  const family = (name: string): MetricFamily => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, type: "untyped", help: "", samples: [] }));
    return f;
  };
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, "");
    const fail = (what: string): never => {
      throw new Error(`prometheus text line ${i + 1}: ${what}: ${JSON.stringify(line.slice(0, 160))}`);
    };
    if (line.trim() === "") continue;
    if (line.startsWith("#")) {
      const m = /^#\s*(HELP|TYPE)\s+(\S+)(?:[ \t](.*))?$/.exec(line);
      if (!m) continue; // other comments, `# EOF`
      const [, keyword, name = "", rest = ""] = m;
      if (!FULL_NAME.test(name)) fail(`invalid metric name ${JSON.stringify(name)}`);
      if (keyword === "HELP") family(name).help = rest.replace(/\\(\\|n)/g, (_, c: string) => (c === "n" ? "\n" : "\\"));
      else {
        const type = rest.trim() as MetricType;
        if (!TYPES.has(type)) fail(`unknown metric type ${JSON.stringify(rest.trim())}`);
        family(name).type = type;
      }
      continue;
    }
    const sample = parseSampleLine(line.trimStart(), fail);
    familyOf(sample.name, families, family).samples.push(sample);
  }
  return [...families.values()];
}

function familyOf(sampleName: string, families: Map<string, MetricFamily>, create: (name: string) => MetricFamily): MetricFamily {
  const exact = families.get(sampleName);
  if (exact && exact.type !== "untyped") return exact;
  for (const [type, suffixes] of Object.entries(SUFFIXES)) {
    for (const suffix of suffixes) {
      if (!sampleName.endsWith(suffix)) continue;
      const base = families.get(sampleName.slice(0, -suffix.length));
      if (base && base.type === type) return base;
    }
  }
  return exact ?? create(sampleName);
}

function parseSampleLine(line: string, fail: (what: string) => never): MetricFamily["samples"][number] {
  const name = NAME.exec(line)?.[0] ?? fail("expected a metric name");
  let pos = name.length;
  const labels: Record<string, string> = {};
  if (line[pos] === "{") {
    pos++;
    for (;;) {
      while (line[pos] === " " || line[pos] === "\t") pos++;
      if (line[pos] === "}") break;
      const labelName = LABEL_NAME.exec(line.slice(pos))?.[0] ?? fail(`expected a label name at column ${pos + 1}`);
      pos += labelName.length;
      while (line[pos] === " " || line[pos] === "\t") pos++;
      if (line[pos] !== "=" || line[pos + 1] !== '"') fail(`expected ="<value>" after label ${labelName}`);
      pos += 2;
      let value = "";
      for (;;) {
        const c = line[pos++];
        if (c === undefined) fail(`unterminated value of label ${labelName}`);
        if (c === '"') break;
        if (c === "\\") {
          const e = line[pos++];
          value += e === "n" ? "\n" : e === "\\" || e === '"' ? e : fail(`invalid escape \\${e ?? ""} in label ${labelName}`);
        } else value += c;
      }
      labels[labelName] = value;
      while (line[pos] === " " || line[pos] === "\t") pos++;
      if (line[pos] === ",") pos++;
      else if (line[pos] !== "}") fail(`expected , or } after label ${labelName}`);
    }
    pos++;
  }
  const fields = line.slice(pos).trim().split(/[ \t]+/);
  if (fields.length < 1 || fields.length > 2 || fields[0] === "") fail("expected `value [timestamp]` after the labels");
  const value = parseValue(fields[0]!) ?? fail(`invalid sample value ${JSON.stringify(fields[0])}`);
  const sample: MetricFamily["samples"][number] = { name, labels, value };
  if (fields[1] !== undefined) {
    const timestampMs = Number(fields[1]);
    if (!Number.isInteger(timestampMs)) fail(`invalid timestamp ${JSON.stringify(fields[1])}`);
    sample.timestampMs = timestampMs;
  }
  return sample;
}

/** A Go-ParseFloat-like number: decimal/exponent forms, NaN and ±Inf(inity) in any case; undefined otherwise. */
export function parseValue(text: string): number | undefined {
  if (/^nan$/i.test(text)) return NaN;
  const inf = /^([+-]?)inf(inity)?$/i.exec(text);
  if (inf) return inf[1] === "-" ? -Infinity : Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}
