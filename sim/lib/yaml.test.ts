// The YAML writer read back by a full YAML parser, as YAML 1.2 and as YAML 1.1 (the dialect of go-yaml
// v2 under kubectl's libraries): every value comes back exactly, strings that look like numbers,
// booleans or nulls stay strings, multi-line text survives as a literal block.
import { parseAllDocuments, parse } from "yaml";
import { describe, expect, it } from "vitest";
import { toYaml, toYamlDocuments, type YamlValue } from "./yaml.ts";

const tricky: YamlValue = {
  plain: "ts-abc-node", dotted: "taskstorm.io/run", reserved: ["yes", "No", "on", "OFF", "y", "n", "true", "null", "~"],
  numeric: ["10001", "0440", "1e3", "0x1F", "1_000", ".5"], punctuated: ["$(POD_IP):7070", "--listen", "a: b", "#hash", "- dash", "quote\"s", "[x]", "{y}", "*star", "&amp", "!bang", "%pct", "@at", "`tick"],
  spaces: [" lead", "trail ", "two  spaces"], empty: "", unicode: "naïve – ✓",
  numbers: [0, 1, -2, 3.25, 1e21], booleans: [true, false], nothing: null,
  text: "line one\n  indented two\n\nafter blank\n", noFinalNewline: "a\nb", crlf: "a\r\nb\n", tabs: "a\tb\n",
  nested: [{ a: 1, b: [{ c: "d" }, []] }, [], {}, [[1, 2], ["x"]]], "key with space": 1, "8080": "port", emptyMap: {}, emptyList: [],
};

describe("toYaml", () => {
  it("writes what a YAML 1.2 and a YAML 1.1 reader read back as the same value", () => {
    const text = toYaml(tricky);
    expect(parse(text)).toEqual(tricky);
    expect(parse(text, { version: "1.1" })).toEqual(tricky);
  });

  it("drops undefined fields and keeps key order", () => {
    expect(toYaml({ b: 1, a: undefined, c: { d: undefined, e: 2 } })).toBe("b: 1\nc:\n  e: 2\n");
  });

  it("writes several documents after a comment header", () => {
    const text = toYamlDocuments([{ kind: "A" }, { kind: "B", list: ["x"] }], "first line\nsecond line");
    expect(text.startsWith("# first line\n# second line\n---\nkind: A\n---\n")).toBe(true);
    expect(parseAllDocuments(text).map((d) => d.toJS())).toEqual([{ kind: "A" }, { kind: "B", list: ["x"] }]);
  });
});
