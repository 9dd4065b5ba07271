// `taskstorm agent`: serves one host's parts to the conductor until told to stop, until the conductor
// goes away (its lease lapses), or until SIGTERM/SIGINT; in every case it stops everything it started
// first. Prints `agent ready <url>` on stdout once it answers.
import fs from "node:fs";
import os from "node:os";
import type { Server } from "node:http";
import { CLOCK_SKEW_ENV } from "../contracts/index.ts";
import { errors } from "../lib/errors.ts";
import { findTool } from "../infra/tools.ts";
import { AgentFolder } from "./files.ts";
import { PartRegistry } from "./parts.ts";
import { startAgentServer } from "./server.ts";

export interface AgentOptions {
  /** host:port to bind (and nothing else). */
  listen: string;
  /** A file holding the run's token (read once, then not needed). */
  tokenFile: string;
  /** The agent's folder: parts' files live under it. */
  dir: string;
  /** The first lease: the agent stops if no lease renewal comes within it. */
  leaseMs: number;
  /** Skew of this host's clock (tests of the conductor's clock correction): added to every time it and its parts take. */
  clockSkewMs: number;
  log: (line: string) => void;
}

export async function runAgent(o: AgentOptions): Promise<number> {
  const [host, portText] = splitHostPort(o.listen);
  const token = fs.readFileSync(o.tokenFile, "utf8").trim();
  if (token.length < 16) throw errors.invalidArgument("--token-file", o.tokenFile, "a file holding a token of at least 16 characters");
  const [k6, toxiproxy] = await Promise.all([findTool("k6"), findTool("toxiproxy-server")]);
  if (!k6 || !toxiproxy) throw errors.toolMissing("k6 and toxiproxy-server for the agent", ["run `npx taskstorm tools` on this host first"]);
  const folder = new AgentFolder(o.dir);
  const parts = new PartRegistry({
    host, resolve: (p) => folder.resolve(p), env: o.clockSkewMs ? { [CLOCK_SKEW_ENV]: String(o.clockSkewMs) } : {},
    tools: { k6: k6.path, toxiproxy: toxiproxy.path },
  });
  let server: Server | undefined;
  let leaseUntilMs = Date.now() + o.leaseMs;
  let stopping: Promise<void> | undefined;
  let done!: (code: number) => void;
  const finished = new Promise<number>((resolve) => (done = resolve));
  const shutdown = (why: string) => {
    stopping ??= (async () => {
      o.log(`agent stopping: ${why}`);
      clearInterval(leaseTimer);
      await parts.stopAll();
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      server?.closeAllConnections();
      done(0);
    })();
  };
  const leaseTimer = setInterval(() => Date.now() > leaseUntilMs && shutdown("the conductor's lease lapsed"), 250);
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => shutdown(signal));
  server = await startAgentServer({
    token, parts, folder, nowMs: () => Date.now() + o.clockSkewMs, shutdown,
    renewLease: (ttlMs) => void (leaseUntilMs = Math.max(leaseUntilMs, Date.now() + ttlMs)),
  }, host, Number(portText));
  o.log(`agent ready http://${o.listen} (${os.hostname()}, folder ${folder.root})`);
  return await finished;
}

function splitHostPort(listen: string): [string, string] {
  const match = /^([^:]+):(\d{1,5})$/.exec(listen);
  if (!match) throw errors.invalidArgument("--listen", listen, "host:port, e.g. 198.18.0.11:7070");
  return [match[1]!, match[2]!];
}
