// `taskstorm tools [NAME]...`: builds (once per machine, with Go) or locates the pinned k6,
// toxiproxy-server, toxiproxy-cli (for poking a running run by hand: docs/live-view.md) and the manifest
// validator of `taskstorm k8s validate` (tools/go/k8s-validate); all of them unless names are given.
import { errors } from "../lib/errors.ts";
import { ensureTools, TOOL_NAMES, type ToolName } from "../infra/tools.ts";
import { EXIT } from "./exit.ts";

export async function run(args: string[]): Promise<number> {
  const err = (line: string) => process.stderr.write(`${line}\n`);
  for (const name of args) if (!TOOL_NAMES.includes(name as ToolName)) throw errors.invalidArgument("tools", name, `one of ${TOOL_NAMES.join(", ")}`);
  for (const tool of await ensureTools(args.length ? (args as ToolName[]) : TOOL_NAMES, { log: err })) err(`${tool.name} ${tool.version}: ${tool.path} (${tool.source})`);
  return EXIT.ok;
}
