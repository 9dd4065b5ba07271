// `taskstorm scenarios [--json]`: the catalogue, one line per scenario (or JSON).
import { listScenarioNames, loadScenario } from "../scenario/index.ts";
import { parseCommandArgs } from "./args.ts";
import { EXIT } from "./exit.ts";

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseCommandArgs("scenarios", args, { json: { type: "boolean", default: false } });
  const list = await Promise.all(listScenarioNames().map(async (name) => ({ name, description: (await loadScenario(name)).spec.description })));
  if (values.json) out(JSON.stringify(list, null, 2));
  else for (const s of list) out(`${s.name.padEnd(28)} ${s.description}`);
  return EXIT.ok;
}
