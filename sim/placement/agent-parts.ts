// The parts a placement runs through agents, as the run sees parts everywhere else: a process the run
// can signal, stop and restart (Startable for RestartableProcess), a recoverable toxiproxy-server,
// PostgreSQL, and a k6 instance whose files come back into the run folder when it ends.
import { setTimeout as sleep } from "node:timers/promises";
import type { AgentPartExit, AgentPartRequest } from "../contracts/index.ts";
import type { RunningPostgres } from "../infra/postgres.ts";
import { toxiproxyAt } from "../infra/toxiproxy.ts";
import type { K6Result, StartedK6 } from "../load/k6-runner.ts";
import type { AgentClient } from "./agent-client.ts";
import { recoverableToxiproxy, type RecoverableToxiproxy } from "./recoverable-toxiproxy.ts";
import type { Startable } from "./restartable.ts";

/** Long-poll window of one exit wait. */
const EXIT_WAIT_MS = 20_000;
const UNKNOWN_EXIT: AgentPartExit = { code: null, signal: null };

/** A part's exit as its agent reports it; unknown once the placement closes or the agent stops answering. */
function watchExit(client: AgentClient, name: string, closed: AbortSignal): Promise<AgentPartExit> {
  return (async () => {
    for (let failures = 0; !closed.aborted; ) {
      try {
        const exit = await client.waitExit(name, EXIT_WAIT_MS);
        if (exit) return exit;
        failures = 0;
      } catch {
        if (++failures > 3) return UNKNOWN_EXIT;
        await sleep(500);
      }
    }
    return UNKNOWN_EXIT;
  })();
}

export interface AgentProcess extends Startable {
  ready: Record<string, unknown>;
}

/** Starts a node or fleet part through its host's agent; resolves once it is ready. */
export async function startAgentProcess(client: AgentClient, request: AgentPartRequest, closed: AbortSignal): Promise<AgentProcess> {
  const started = await client.startPart(request);
  const { name } = request;
  return {
    pid: started.pid,
    ready: started.ready,
    exited: watchExit(client, name, closed),
    stop: () => client.stop(name),
    signal: (sig) => client.signal(name, sig),
    stopped: async () => (await client.status(name)).state === "stopped",
  };
}

/** A toxiproxy-server started by an agent, recoverable like a local one (a hung server is killed and replaced). */
export function agentToxiproxy(client: AgentClient, request: Extract<AgentPartRequest, { role: "toxiproxy" }>, onRecover?: (why: string, tookMs: number) => void): Promise<RecoverableToxiproxy> {
  return recoverableToxiproxy({
    async start() {
      const started = await client.startPart(request);
      return toxiproxyAt(String(started.ready.apiUrl), started.pid, () => client.stop(request.name));
    },
    async kill() {
      await client.signal(request.name, "SIGKILL");
      await client.stop(request.name);
    },
  }, onRecover);
}

/** The embedded PostgreSQL of the database host, through its agent. */
export async function agentPostgres(client: AgentClient, request: Extract<AgentPartRequest, { role: "postgres" }>): Promise<RunningPostgres> {
  const started = await client.startPart(request);
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= client.stop(request.name).then(() => undefined));
  return { source: "embedded", url: String(started.ready.url), adminUrl: String(started.ready.adminUrl), pid: started.pid, stop, [Symbol.asyncDispose]: stop };
}

/** A k6 instance on the load host; `localPathOf` maps a file of its (relative path) into the run folder, where it is copied when k6 ends. */
export async function startAgentK6(
  client: AgentClient, request: Extract<AgentPartRequest, { role: "k6" }>, localPathOf: (relative: string) => string, timeoutMs: number, closed: AbortSignal,
): Promise<StartedK6> {
  const started = await client.startPart(request);
  const result = (async (): Promise<K6Result> => {
    const remote = await client.k6Result(request.name, timeoutMs, closed);
    const local = { ...remote };
    for (const key of ["planFile", "summaryFile", "opsFile", "logFile"] as const) {
      local[key] = localPathOf(remote[key]);
      await client.download(remote[key], local[key]).catch(() => undefined); // a file k6 never wrote (e.g. no summary after a crash)
    }
    return local;
  })();
  result.catch(() => {});
  const stop = async () => {
    await client.stop(request.name).catch(() => undefined);
    await result.catch(() => undefined);
  };
  return { pid: started.pid, ...(started.ready.restUrl ? { restUrl: String(started.ready.restUrl) } : {}), result, stop };
}
