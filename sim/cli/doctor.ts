// `taskstorm doctor`: what a run needs and what was found, one line per check (exit 3 when a part is missing).
import { runDoctor } from "../infra/doctor.ts";
import { EXIT } from "./exit.ts";

export async function run(_args: string[], out: (line: string) => void): Promise<number> {
  const { ok } = await runDoctor({ log: out });
  return ok ? EXIT.ok : EXIT.infraFailed;
}
