// `taskstorm tools`: builds (once per machine, with Go) or locates the pinned k6 and toxiproxy-server.
import { ensureTools } from "../infra/tools.ts";
import { EXIT } from "./exit.ts";

export async function run(_args: string[]): Promise<number> {
  const err = (line: string) => process.stderr.write(`${line}\n`);
  for (const tool of await ensureTools(["k6", "toxiproxy-server"], { log: err })) err(`${tool.name} ${tool.version}: ${tool.path} (${tool.source})`);
  return EXIT.ok;
}
