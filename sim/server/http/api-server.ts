// The node's REST server (node:http, no framework): API-key check on /api/*, routing (HEAD as GET, 405
// with Allow), JSON errors ({ErrorMessage, Field}) with 400/401/404/405/413/415 for bad input and 500 only
// for genuine internal errors (logged under an error id, never echoed), and a latency histogram per route.
import http from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { timingSafeEqual } from "node:crypto";
import { performance } from "node:perf_hooks";
import { API_KEY_HEADER } from "../../contracts/index.ts";
import { badRequest, notFound, ServerError, unauthorized } from "../errors.ts";
import type { ApiDeps } from "./api-deps.ts";
import { errorReply, loggedErrorReply } from "./error-reply.ts";
import { writeReply, type Reply } from "./reply.ts";
import { matchRoute, type Route } from "./route.ts";
import { deploymentRoutes } from "./routes-deployments.ts";
import { fixtureRoutes } from "./routes-fixtures.ts";
import { nodeRoutes } from "./routes-nodes.ts";
import { opsRoutes } from "./routes-ops.ts";
import { taskRoutes } from "./routes-tasks.ts";

export interface RunningApiServer {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  stop(): Promise<void>;
}

/** Every route the server serves (the OpenAPI document must describe exactly these). */
export function apiRoutes(deps: ApiDeps): Route[] {
  return [...opsRoutes(deps), ...deploymentRoutes(deps), ...taskRoutes(deps), ...nodeRoutes(deps), ...fixtureRoutes(deps)];
}

export async function startApiServer(deps: ApiDeps, host: string, port: number): Promise<RunningApiServer> {
  const routes = apiRoutes(deps);
  const server = http.createServer((req, res) => {
    const startMs = performance.now();
    void handle(deps, routes, req)
      .then(({ routeName, reply }) => {
        if (!res.destroyed) writeReply(res, reply);
        deps.metrics.httpDuration.observe({ route: routeName, status: String(reply.status) }, (performance.now() - startMs) / 1000);
      })
      .catch((error: unknown) => deps.log("error", "http:reply:error", { url: req.url, error }));
  });
  server.listen(port, host);
  await once(server, "listening");
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    async stop() {
      const closed = once(server, "close");
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}

async function handle(deps: ApiDeps, routes: Route[], req: http.IncomingMessage): Promise<{ routeName: string; reply: Reply }> {
  let routeName = "unmatched";
  try {
    const url = requestUrl(req.url ?? "/");
    const method = req.method ?? "GET";
    const match = matchRoute(routes, method, url.pathname);
    const needsKey = match.kind === "found" ? match.route.requiresApiKey : url.pathname.startsWith("/api/");
    if (needsKey) checkApiKey(deps.apiKey, req.headers[API_KEY_HEADER.toLowerCase()]);
    if (match.kind === "none") throw notFound(`no route for ${method} ${url.pathname.slice(0, 200)}`);
    if (match.kind === "wrong-method") {
      const allow = match.allowed.join(", ");
      const reply = errorReply(405, `${method} is not served on ${url.pathname.slice(0, 200)}; it serves ${allow}`);
      return { routeName, reply: { ...reply, headers: { allow } } };
    }
    routeName = match.route.path;
    return { routeName, reply: await match.route.handle({ req, url, params: match.params }) };
  } catch (error) {
    if (error instanceof ServerError) return { routeName, reply: errorReply(error.status, error.message, error.field) };
    const fields = { method: req.method, url: req.url };
    if (isBadValue(error)) return { routeName, reply: loggedErrorReply(deps.log, 400, "http:bad-value", "a value in the request cannot be stored", error, fields, "body") };
    return { routeName, reply: loggedErrorReply(deps.log, 500, "http:error", "internal error", error, fields) };
  }
}

/** The request target as a URL on a fixed origin (so "//host/x" stays a path); a malformed one is a 400. */
function requestUrl(target: string): URL {
  try {
    return new URL(`http://server${target.startsWith("/") ? "" : "/"}${target}`);
  } catch {
    throw badRequest(`malformed request target ${JSON.stringify(target.slice(0, 100))}`, "url");
  }
}

/** PostgreSQL data exceptions (class 22: out-of-range numbers, bad text) and program limits (54: oversized values) come from input. */
function isBadValue(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(22|54)/.test(code);
}

function checkApiKey(expected: string, got: string | string[] | undefined): void {
  if (typeof got !== "string") throw unauthorized(`missing ${API_KEY_HEADER} header`);
  const a = Buffer.from(got);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw unauthorized(`invalid ${API_KEY_HEADER}`);
}
