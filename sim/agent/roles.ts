// What starts a part of each role on the agent's host (the same starters the local placement uses),
// with every path resolved inside the agent's folder: node, fleet, toxiproxy-server, PostgreSQL, k6.
import path from "node:path";
import type { AgentPartExit, AgentPartRequest } from "../contracts/index.ts";
import { startEmbeddedPostgres } from "../infra/postgres.ts";
import { startToxiproxy } from "../infra/toxiproxy.ts";
import { K6_DEPLOYMENTS_SCRIPT, startK6, type K6Result } from "../load/k6-runner.ts";
import { startFleet } from "../placement/fleet-process.ts";
import { startNodeProcess } from "../placement/node-process.ts";

/** A part as the agent holds it. */
export interface HostedPart {
  pid: number;
  ready: Record<string, unknown>;
  exited: Promise<AgentPartExit>;
  /** Ends it (SIGTERM, then SIGKILL after a grace period); resolves once it has exited. */
  stop(): Promise<unknown>;
  /** A history file it appends to (trimmed of a torn last line after it exits). */
  historyFile?: string;
  /** k6 only: its result once it has exited, paths relative to the agent's folder. */
  k6Result?: Promise<K6Result>;
}

export interface RoleContext {
  /** The address this host's parts listen on. */
  host: string;
  /** Resolves a path the conductor sent (relative to the agent's folder). */
  resolve(relative: string): string;
  /** Environment for node and fleet processes (e.g. the host's clock skew). */
  env: NodeJS.ProcessEnv;
  tools: { k6: string; toxiproxy: string };
}

const unknownExit = (exit: Promise<unknown>): Promise<AgentPartExit> =>
  exit.then((e) => (e && typeof e === "object" && "code" in e ? (e as AgentPartExit) : { code: null, signal: null }));

export async function startPart(request: AgentPartRequest, ctx: RoleContext): Promise<HostedPart> {
  const logFile = ctx.resolve(request.logFile);
  switch (request.role) {
    case "node": {
      const config = { ...request.config, host: ctx.host, historyFile: ctx.resolve(request.config.historyFile) };
      const child = await startNodeProcess(config, { logFile, env: ctx.env });
      return { pid: child.pid, ready: child.ready, exited: unknownExit(child.exited), stop: () => child.stop(), historyFile: config.historyFile };
    }
    case "fleet": {
      const config = { ...request.config, historyFile: ctx.resolve(request.config.historyFile) };
      const fleet = await startFleet(config, { logFile, env: { ...process.env, ...ctx.env } });
      return { pid: fleet.pid, ready: fleet.ready, exited: unknownExit(fleet.exited), stop: () => fleet.stop(), historyFile: config.historyFile };
    }
    case "toxiproxy": {
      const server = await startToxiproxy({ binPath: ctx.tools.toxiproxy, logFile, seed: request.config.seed, host: ctx.host, port: request.config.port });
      return { pid: server.pid, ready: { apiUrl: server.apiUrl }, exited: unknownExit(server.exited ?? new Promise(() => {})), stop: () => server.stop() };
    }
    case "postgres": {
      const { port, allowClients, maxConnections } = request.config;
      const pg = await startEmbeddedPostgres({ listenHost: ctx.host, port, allowClients, ...(maxConnections ? { maxConnections } : {}) });
      return { pid: pg.pid!, ready: { url: pg.url, adminUrl: pg.adminUrl }, exited: unknownExit(pg.exited ?? new Promise(() => {})), stop: () => pg.stop() };
    }
    case "k6": {
      const { plan, segment, paused, restPort, tags } = request.config;
      const abort = new AbortController(); // stop(): SIGTERM (k6 still writes its summary), SIGKILL after a grace period
      const k6 = await startK6({
        k6Path: ctx.tools.k6, scriptPath: K6_DEPLOYMENTS_SCRIPT, plan: { ...plan, summaryFile: ctx.resolve(plan.summaryFile) }, runDir: path.dirname(logFile),
        segment, paused, signal: abort.signal, ...(restPort ? { restAddress: `${ctx.host}:${restPort}` } : {}), ...(tags ? { tags } : {}),
      });
      const exited = k6.result.then((r) => ({ code: r.exitCode, signal: r.signal }), () => ({ code: null, signal: null }));
      const stop = () => (abort.abort(new Error("stopped by the conductor")), k6.result.catch(() => undefined));
      return { pid: k6.pid, ready: k6.restUrl ? { restUrl: k6.restUrl } : {}, exited, stop, k6Result: k6.result };
    }
  }
}
