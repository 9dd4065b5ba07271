// The taskstorm command line: finds the command in the table (commands.ts), loads its module only
// then, and maps its outcome or error to an exit code (exit.ts). --help and --version load nothing else.
import { readFileSync } from "node:fs";
import { coerceError } from "../lib/errors.ts";
import { COMMANDS, usageText } from "./commands.ts";
import { EXIT, exitCodeOf } from "./exit.ts";

export { EXIT } from "./exit.ts";

const isHelp = (arg: string | undefined) => arg === "--help" || arg === "-h" || arg === "help";

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  if (name === undefined) {
    err(usageText());
    return EXIT.badInput;
  }
  if (name === "--version" || name === "-V") {
    out(`taskstorm ${packageVersion()}`);
    return EXIT.ok;
  }
  if (isHelp(name)) {
    const topic = COMMANDS.find((c) => c.name === rest[0]);
    out(usageText(topic));
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    err(`unknown command ${JSON.stringify(name)}\n${usageText()}`);
    return EXIT.badInput;
  }
  if (rest.some(isHelpFlag)) {
    out(usageText(command));
    return EXIT.ok;
  }
  try {
    const module = await command.load();
    return await module.run(rest, out);
  } catch (e) {
    const error = coerceError(e);
    err(`taskstorm: ${error.message}`);
    if (process.env.TASKSTORM_DEBUG) err(error.stack ?? "");
    const code = exitCodeOf(error);
    // --json promises one result on stdout, a failure included (contracts/cli-results.ts ErrorResultJson)
    if (rest.includes("--json")) out(JSON.stringify({ command: name, exitCode: code, error: { kind: (error as { kind?: string }).kind ?? "error", message: error.message } }));
    return code;
  }
}

const isHelpFlag = (arg: string) => arg === "--help" || arg === "-h";

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
