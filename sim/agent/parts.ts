// The parts an agent runs on its host, by name: start (one at a time per name), signal, status, wait
// for exit, stop, and stop everything. A part that exits (however) has a torn last line of its
// history file trimmed, so the conductor always fetches whole records.
import type { AgentPartExit, AgentPartRequest, AgentPartStatus, AgentSignal } from "../contracts/index.ts";
import { errors } from "../lib/errors.ts";
import { processState } from "../lib/proc.ts";
import { trimTornTail } from "../placement/restartable.ts";
import { startPart, type HostedPart, type RoleContext } from "./roles.ts";

interface Entry {
  request: AgentPartRequest;
  part: HostedPart;
  exit: AgentPartExit | null;
}

export class PartRegistry {
  readonly #parts = new Map<string, Entry>();
  readonly #starting = new Set<string>();
  readonly #ctx: RoleContext;

  constructor(ctx: RoleContext) {
    this.#ctx = ctx;
  }

  /** Starts a part under a name that is free (never used, or its process has exited). */
  async start(request: AgentPartRequest): Promise<HostedPart> {
    const { name } = request;
    const known = this.#parts.get(name);
    if (this.#starting.has(name) || (known && known.exit === null)) throw errors.invalidArgument("name", name, "a part that is not running (stop it first)");
    this.#starting.add(name);
    try {
      const part = await startPart(request, this.#ctx);
      const entry: Entry = { request, part, exit: null };
      this.#parts.set(name, entry);
      void part.exited.then((exit) => {
        entry.exit = exit;
        if (part.historyFile) trimTornTail(part.historyFile);
      });
      return part;
    } finally {
      this.#starting.delete(name);
    }
  }

  status(name: string): AgentPartStatus {
    const { request, part, exit } = this.#entry(name);
    const state = exit ? "exited" : ["T", "t"].includes(processState(part.pid) ?? "") ? "stopped" : "running";
    return { name, role: request.role, pid: part.pid, state, exit };
  }

  signal(name: string, signal: AgentSignal): void {
    const { part, exit } = this.#entry(name);
    if (exit) return; // already gone: nothing to signal
    try {
      process.kill(part.pid, signal);
    } catch {
      // it exited meanwhile
    }
  }

  /** The exit once it happens, or null if it has not within waitMs. */
  async waitExit(name: string, waitMs: number): Promise<AgentPartExit | null> {
    const { part, exit } = this.#entry(name);
    if (exit) return exit;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)));
    try {
      return await Promise.race([part.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(name: string): Promise<AgentPartExit> {
    const { part } = this.#entry(name);
    try {
      process.kill(part.pid, "SIGCONT"); // a stopped process would never act on SIGTERM
    } catch {
      // gone
    }
    await part.stop();
    return await part.exited;
  }

  k6Result(name: string): HostedPart["k6Result"] {
    const { part, request } = this.#entry(name);
    if (request.role !== "k6" || !part.k6Result) throw errors.invalidArgument("part", name, "a k6 part");
    return part.k6Result;
  }

  pids(): { name: string; pid: number }[] {
    return [...this.#parts].filter(([, e]) => e.exit === null).map(([name, e]) => ({ name, pid: e.part.pid }));
  }

  /** Stops every running part, newest first; never throws. */
  async stopAll(): Promise<void> {
    for (const name of [...this.#parts.keys()].reverse()) {
      if (this.#parts.get(name)!.exit === null) await this.stop(name).catch(() => undefined);
    }
  }

  #entry(name: string): Entry {
    const entry = this.#parts.get(name);
    if (!entry) throw new NotFound(`no part named ${JSON.stringify(name)} on this agent`);
    return entry;
  }
}

export class NotFound extends Error {}
