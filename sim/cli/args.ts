// Argument parsing for the taskstorm commands: node:util parseArgs whose errors (unknown option,
// missing value) become invalid-argument errors (exit 2), and numeric options parsed from their text
// so an error names the option, the text given and what was expected.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { errors } from "../lib/errors.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** parseArgs with positionals allowed; a parse error names the command and the option. */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    if (!code.startsWith("ERR_PARSE_ARGS")) throw error;
    const known = Object.keys(options).map((name) => `--${name}`).join(", ") || "none";
    throw errors.invalidArgument(command, args, `valid options (${known}): ${(error as Error).message.split(". ")[0]}`);
  }
}

/** The number an option's text spells; undefined when the option was not given. */
export function numberOption(flag: string, raw: string | undefined, expected: string, valid: (n: number) => boolean): number | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim() === "" ? Number.NaN : Number(raw);
  if (!valid(value)) throw errors.invalidArgument(flag, raw, expected);
  return value;
}

export const isPositiveInteger = (n: number) => Number.isInteger(n) && n >= 1;
export const isNonNegative = (n: number) => Number.isFinite(n) && n >= 0;
