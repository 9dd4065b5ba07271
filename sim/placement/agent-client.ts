// The conductor's side of `taskstorm agent` (contracts/agent.ts): one client per host, every call with
// the run's token and a deadline, errors naming the host, the call and what the agent answered.
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  AGENT_AUTH_HEADER, AGENT_PATHS, type AgentFile, type AgentPartExit, type AgentPartRequest, type AgentPartStarted, type AgentPartStatus,
  type AgentSignal, type AgentUsage,
} from "../contracts/index.ts";
import { errors } from "../lib/errors.ts";
import type { K6Result } from "../load/k6-runner.ts";

/** Deadline of an ordinary call; starting a part waits for it to be ready, which takes longer. */
const CALL_TIMEOUT_MS = 15_000;
const START_TIMEOUT_MS = 120_000;

export class AgentClient {
  readonly host: string;
  readonly baseUrl: string;
  readonly #token: string;

  constructor(host: string, baseUrl: string, token: string) {
    this.host = host;
    this.baseUrl = baseUrl;
    this.#token = token;
  }

  async call<T>(method: string, route: string, body?: unknown, timeoutMs = CALL_TIMEOUT_MS): Promise<T> {
    const res = await this.#fetch(method, route, body, timeoutMs);
    const text = await res.text();
    if (!res.ok) throw errors.infraFailed(`agent on ${this.host}`, `${method} ${route} answered ${res.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async clockMs(): Promise<number> {
    return (await this.call<{ nowMs: number }>("GET", AGENT_PATHS.clock)).nowMs;
  }

  async lease(ttlMs: number): Promise<void> {
    await this.call("POST", AGENT_PATHS.lease, { ttlMs });
  }

  startPart(request: AgentPartRequest): Promise<AgentPartStarted> {
    return this.call("POST", AGENT_PATHS.parts, request, START_TIMEOUT_MS);
  }

  status(name: string): Promise<AgentPartStatus> {
    return this.call("GET", `${AGENT_PATHS.parts}/${name}`);
  }

  async signal(name: string, signal: AgentSignal): Promise<void> {
    await this.call("POST", `${AGENT_PATHS.parts}/${name}/signal`, { signal });
  }

  async stop(name: string): Promise<AgentPartExit> {
    return (await this.call<{ exit: AgentPartExit }>("POST", `${AGENT_PATHS.parts}/${name}/stop`, {}, 60_000)).exit;
  }

  /** The part's exit, or null when it still runs after waitMs. */
  async waitExit(name: string, waitMs: number): Promise<AgentPartExit | null> {
    return (await this.call<{ exit: AgentPartExit | null }>("GET", `${AGENT_PATHS.parts}/${name}/exit?waitMs=${waitMs}`, undefined, waitMs + CALL_TIMEOUT_MS)).exit;
  }

  /** k6's result (paths relative to the agent's folder) once it has exited, asking in long polls until timeoutMs or `closed`. */
  async k6Result(name: string, timeoutMs: number, closed?: AbortSignal): Promise<K6Result> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      closed?.throwIfAborted();
      const waitMs = Math.min(20_000, Math.max(0, deadline - Date.now()));
      const answer = await this.call<{ result: K6Result | null }>("GET", `${AGENT_PATHS.parts}/${name}/k6-result?waitMs=${waitMs}`, undefined, waitMs + CALL_TIMEOUT_MS);
      if (answer.result) return answer.result;
    }
    throw errors.timeout(`k6 ${name} on ${this.host} to end`, timeoutMs);
  }

  async files(prefix: string): Promise<AgentFile[]> {
    return (await this.call<{ files: AgentFile[] }>("GET", `${AGENT_PATHS.files}?prefix=${encodeURIComponent(prefix)}`)).files;
  }

  /** Copies one of the agent's files to `destination` (parent folders created). */
  async download(relativePath: string, destination: string): Promise<void> {
    const res = await this.#fetch("GET", `${AGENT_PATHS.files}/${relativePath.split("/").map(encodeURIComponent).join("/")}`, undefined, 120_000);
    if (!res.ok || !res.body) throw errors.infraFailed(`agent on ${this.host}`, `GET file ${relativePath} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    await pipeline(Readable.fromWeb(res.body as never), fs.createWriteStream(destination));
  }

  usage(): Promise<AgentUsage> {
    return this.call("GET", AGENT_PATHS.usage);
  }

  async shutdown(): Promise<void> {
    await this.call("POST", AGENT_PATHS.shutdown, {});
  }

  async #fetch(method: string, route: string, body: unknown, timeoutMs: number): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${route}`, {
        method,
        headers: { [AGENT_AUTH_HEADER]: `Bearer ${this.#token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw errors.infraFailed(`agent on ${this.host}`, `${method} ${route} failed: ${(error as Error).message}`, error);
    }
  }
}

/** An agent stops everything when no lease renewal comes within this; the conductor renews every LEASE_RENEW_MS. */
export const LEASE_TTL_MS = 15_000;
const LEASE_RENEW_MS = 3_000;

/** Renews every agent's lease until the returned function is called (a missed renewal is retried 3 s later; the ttl allows 5). */
export function keepLeases(clients: Iterable<AgentClient>): () => void {
  const all = [...clients];
  const renew = setInterval(() => {
    for (const client of all) client.lease(LEASE_TTL_MS).catch(() => {});
  }, LEASE_RENEW_MS);
  renew.unref();
  return () => clearInterval(renew);
}
