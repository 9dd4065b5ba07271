// `taskstorm tools [NAME]...`: builds (once per machine, with Go) or locates the pinned k6 and
// toxiproxy-server, and the manifest validator of `taskstorm k8s validate` (tools/go/k8s-validate);
// all three unless names are given (the image's build stage asks for the first two).
import { errors } from "../lib/errors.ts";
import { ensureTools, TOOLS, type ToolName } from "../infra/tools.ts";
import { EXIT } from "./exit.ts";

export async function run(args: string[]): Promise<number> {
  const err = (line: string) => process.stderr.write(`${line}\n`);
  const all = Object.keys(TOOLS) as ToolName[];
  for (const name of args) if (!all.includes(name as ToolName)) throw errors.invalidArgument("tools", name, `one of ${all.join(", ")}`);
  for (const tool of await ensureTools(args.length ? (args as ToolName[]) : all, { log: err })) err(`${tool.name} ${tool.version}: ${tool.path} (${tool.source})`);
  return EXIT.ok;
}
