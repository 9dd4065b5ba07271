// The CLI's answers to bad arguments, called in process: nothing is started, the exit code is 2 and
// the message names the option, the text given and what was expected; --help prints the usage.
import { afterEach, describe, expect, it, vi } from "vitest";
import { EXIT, main } from "./main.ts";

function capture() {
  const lines: string[] = [];
  const write = (chunk: string | Uint8Array) => (lines.push(String(chunk)), true);
  vi.spyOn(process.stderr, "write").mockImplementation(write);
  vi.spyOn(process.stdout, "write").mockImplementation(write);
  return () => lines.join("");
}

describe("taskstorm CLI arguments", () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    [["run", "smoke", "--out", "x"], /run: .*expected valid options \(--strategy.*Unknown option '--out'/],
    [["run", "smoke", "--seed", "abc"], /--seed: got "abc", expected an integer/],
    [["run", "smoke", "--repeat", "0"], /--repeat: got "0", expected an integer >= 1/],
    [["run", "smoke", "--tolerance", "ten"], /--tolerance: got "ten", expected a number >= 0/],
    [["compare", "a", "b", "--tolerance=-1"], /--tolerance: got "-1", expected a number >= 0/],
    [["bench", "--fast"], /bench: .*\(--quick, --reports-dir\).*Unknown option '--fast'/],
    [["run", "no-such-scenario"], /no-such-scenario/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [["validate"], /validate takes exactly one scenario, got 0/],
    [["validate", "smoke", "--placement", "moon"], /--placement: got "moon", expected local, netns or k8s/],
    [["validate", "smoke", "--out", "x"], /validate: .*\(--strategy, --set, --seed, --placement, --json\).*Unknown option '--out'/],
  ])("%j exits 2 naming what was wrong", async (argv, message) => {
    const output = capture();
    expect(await main(argv)).toBe(EXIT.badInput);
    expect(output()).toMatch(message);
  });

  it.each([
    [["run", "--help"], /^usage:\n\s+taskstorm run <scenario/],
    [["bench", "-h"], /^usage:\n\s+taskstorm bench \[NAME\]/],
    [["help", "compare"], /^usage:\n\s+taskstorm compare <baseline> <candidate>/],
    [["validate", "--help"], /^usage:\n\s+taskstorm validate <scenario\|file\.ts>/],
    [["--help"], /^usage:\n\s+taskstorm run <scenario(.|\n)*taskstorm bench/],
  ])("%j prints the usage and exits 0", async (argv, usage) => {
    const output = capture();
    expect(await main(argv)).toBe(EXIT.ok);
    expect(output()).toMatch(usage);
  });

  it("--version prints the package version", async () => {
    const output = capture();
    expect(await main(["--version"])).toBe(EXIT.ok);
    expect(output()).toMatch(/^taskstorm \d+\.\d+\.\d+\n$/);
  });
});
