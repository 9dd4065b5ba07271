// The agent's HTTP API (contracts/agent.ts): bound only to the address it is given, every request
// authenticated by the run's token (compared in constant time; 401 and nothing done otherwise), bodies
// strictly validated (unknown fields: 400), answers JSON. The lease is renewed by POST /v1/lease.
import { createHash, timingSafeEqual } from "node:crypto";
import http from "node:http";
import os from "node:os";
import { z } from "zod";
import { AGENT_AUTH_HEADER, AGENT_PATHS, type AgentPartRequest, type AgentUsage } from "../contracts/index.ts";
import { coerceError, HarnessError } from "../lib/errors.ts";
import { networkNamespaceUsage, processUsage } from "../lib/proc.ts";
import type { AgentFolder } from "./files.ts";
import { NotFound, type PartRegistry } from "./parts.ts";

const MAX_BODY_BYTES = 64 << 20;
const MAX_EXIT_WAIT_MS = 30_000;

const nameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, "expected lowercase letters, digits, '.', '_' or '-'");
const relativePath = z.string().min(1).max(1024);
const objectConfig = z.record(z.string(), z.unknown());
const partSchema = z.discriminatedUnion("role", [
  z.strictObject({ name: nameSchema, logFile: relativePath, role: z.literal("node"), config: objectConfig }),
  z.strictObject({ name: nameSchema, logFile: relativePath, role: z.literal("fleet"), config: objectConfig }),
  z.strictObject({ name: nameSchema, logFile: relativePath, role: z.literal("toxiproxy"), config: z.strictObject({ port: z.number().int().min(1).max(65535), seed: z.number().int() }) }),
  z.strictObject({
    name: nameSchema, logFile: relativePath, role: z.literal("postgres"),
    config: z.strictObject({ port: z.number().int().min(1).max(65535), allowClients: z.string().min(1), maxConnections: z.number().int().positive().optional() }),
  }),
  z.strictObject({
    name: nameSchema, logFile: relativePath, role: z.literal("k6"),
    config: z.strictObject({
      plan: objectConfig, segment: z.strictObject({ index: z.number().int().min(0), count: z.number().int().min(1) }), paused: z.boolean(),
      restPort: z.number().int().min(1).max(65535).optional(), tags: z.record(z.string(), z.string()).optional(),
    }),
  }),
]);
const leaseSchema = z.strictObject({ ttlMs: z.number().int().positive().max(3_600_000) });
const signalSchema = z.strictObject({ signal: z.enum(["SIGKILL", "SIGTERM", "SIGSTOP", "SIGCONT"]) });
const emptySchema = z.strictObject({});

export interface AgentServerDeps {
  token: string;
  parts: PartRegistry;
  folder: AgentFolder;
  /** Milliseconds since the epoch on this host's clock (as its parts see it). */
  nowMs: () => number;
  renewLease(ttlMs: number): void;
  /** Stops everything and ends the agent (after the answer is sent). */
  shutdown(why: string): void;
}

class BadRequest extends Error {}

export async function startAgentServer(deps: AgentServerDeps, host: string, port: number): Promise<http.Server> {
  const expected = createHash("sha256").update(deps.token).digest();
  const authorized = (req: http.IncomingMessage) => {
    const header = req.headers[AGENT_AUTH_HEADER];
    const given = typeof header === "string" && header.startsWith("Bearer ") ? header.slice(7) : "";
    return timingSafeEqual(createHash("sha256").update(given).digest(), expected);
  };
  const server = http.createServer((req, res) => {
    const reply = (status: number, body?: unknown) => {
      res.writeHead(status, body === undefined ? {} : { "content-type": "application/json" }).end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (!authorized(req)) {
      req.resume();
      return reply(401, { error: "missing or wrong run token" });
    }
    route(deps, req, res, reply).catch((e: unknown) => {
      const error = coerceError(e);
      if (res.headersSent) return void res.destroy(error);
      const status = error instanceof BadRequest || (error instanceof HarnessError && error.kind === "invalid-argument") ? 400 : error instanceof NotFound ? 404 : 500;
      reply(status, { error: error.message });
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host, port }, () => resolve());
  });
  return server;
}

type Reply = (status: number, body?: unknown) => void;

async function route(deps: AgentServerDeps, req: http.IncomingMessage, res: http.ServerResponse, reply: Reply): Promise<void> {
  const url = new URL(req.url ?? "/", "http://agent");
  const method = req.method ?? "GET";
  const at = url.pathname;
  const body = async <S extends z.ZodType>(schema: S): Promise<z.output<S>> => parseBody(schema, await readBody(req));
  if (at === AGENT_PATHS.lease && method === "POST") {
    deps.renewLease((await body(leaseSchema)).ttlMs);
    return reply(204);
  }
  if (at === AGENT_PATHS.clock && method === "GET") return reply(200, { nowMs: deps.nowMs() });
  if (at === AGENT_PATHS.usage && method === "GET") return reply(200, await usage(deps.parts));
  if (at === AGENT_PATHS.shutdown && method === "POST") {
    await body(emptySchema);
    reply(200, {});
    return deps.shutdown("the conductor asked");
  }
  if (at === AGENT_PATHS.parts && method === "POST") {
    const request = (await body(partSchema)) as AgentPartRequest;
    const part = await deps.parts.start(request);
    return reply(201, { name: request.name, pid: part.pid, ready: part.ready });
  }
  const part = /^\/v1\/parts\/([^/]+)(?:\/([a-z0-9-]+))?$/.exec(at);
  if (part) {
    const [, name = "", action] = part;
    if (action === undefined && method === "GET") return reply(200, deps.parts.status(name));
    if (action === "signal" && method === "POST") return reply(204, void deps.parts.signal(name, (await body(signalSchema)).signal));
    if (action === "stop" && method === "POST") return (await body(emptySchema), reply(200, { exit: await deps.parts.stop(name) }));
    if (action === "exit" && method === "GET") return reply(200, { exit: await deps.parts.waitExit(name, waitMsOf(url)) });
    if (action === "k6-result" && method === "GET") {
      const pending = deps.parts.k6Result(name)!;
      const waitMs = waitMsOf(url);
      let timer: NodeJS.Timeout | undefined;
      const result = await Promise.race([pending, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)))]);
      clearTimeout(timer);
      if (!result) return reply(200, { result: null });
      const rel = (file: string) => deps.folder.relative(file);
      return reply(200, { result: { ...result, planFile: rel(result.planFile), summaryFile: rel(result.summaryFile), opsFile: rel(result.opsFile), logFile: rel(result.logFile) } });
    }
  }
  if (at === AGENT_PATHS.files && method === "GET") return reply(200, { files: deps.folder.list(url.searchParams.get("prefix") ?? "") });
  if (at.startsWith(`${AGENT_PATHS.files}/`) && method === "GET") {
    const stream = deps.folder.read(decodeURIComponent(at.slice(AGENT_PATHS.files.length + 1)));
    if (!stream) return reply(404, { error: "no such file" });
    res.writeHead(200, { "content-type": "application/octet-stream" });
    stream.pipe(res);
    return;
  }
  req.resume();
  reply(404, { error: `no route ${method} ${at}` });
}

function waitMsOf(url: URL): number {
  const raw = Number(url.searchParams.get("waitMs") ?? "0");
  if (!Number.isInteger(raw) || raw < 0) throw new BadRequest(`waitMs: got ${JSON.stringify(url.searchParams.get("waitMs"))}, expected an integer >= 0`);
  return Math.min(raw, MAX_EXIT_WAIT_MS);
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BadRequest(`body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequest("body is not JSON");
  }
}

function parseBody<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new BadRequest(result.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
}

async function usage(parts: PartRegistry): Promise<AgentUsage> {
  const seen = await Promise.all(parts.pids().map(async ({ name, pid }) => ({ name, pid, usage: await processUsage(pid) })));
  return {
    parts: seen.flatMap(({ name, pid, usage: u }) => (u ? [{ name, pid, cpuMs: u.cpuMs, rssBytes: u.rssBytes }] : [])),
    host: await networkNamespaceUsage(),
    loadAverage1m: os.loadavg()[0]!,
    cpus: os.availableParallelism(),
  };
}
