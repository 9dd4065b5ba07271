// Spawns a long-running binary tied to this process: where util-linux's setpriv exists, the child gets
// SIGKILL the moment its parent dies (PR_SET_PDEATHSIG), so even a hard-killed run leaves nothing behind.
// It is also put in its own process group, so a terminal's Ctrl-C reaches only the CLI, which stops
// children in order.

import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { existsSync } from "node:fs";

const SETPRIV = ["/usr/bin/setpriv", "/bin/setpriv"].find((p) => existsSync(p));

export function spawnTied(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const opts = { ...options, detached: true };
  return SETPRIV ? spawn(SETPRIV, ["--pdeathsig", "SIGKILL", "--", command, ...args], opts) : spawn(command, [...args], opts);
}

/** Whether children die with their parent on this machine (reported by doctor). */
export const childrenDieWithParent = SETPRIV !== undefined;
