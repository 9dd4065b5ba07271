// A REST route: method, path template ("/api/tasks/:id"), whether it needs the API key, and its
// handler. matchRoute picks the route for a request (HEAD picks the GET route), telling "no such path"
// from "wrong method", with the methods the path serves (HEAD wherever GET is) for the Allow header.
import type http from "node:http";
import type { Reply } from "./reply.ts";

export interface RouteContext {
  req: http.IncomingMessage;
  url: URL;
  params: Record<string, string>;
}

export interface Route {
  method: "GET" | "POST" | "PUT";
  /** Path template; ":name" segments become params. Also the route's metric label. */
  path: string;
  requiresApiKey: boolean;
  handle(ctx: RouteContext): Promise<Reply>;
}

export type RouteMatch =
  | { kind: "found"; route: Route; params: Record<string, string> }
  | { kind: "wrong-method"; /** Sorted, e.g. ["GET", "HEAD", "PUT"]. */ allowed: string[] }
  | { kind: "none" };

export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch {
  const wanted = method === "HEAD" ? "GET" : method;
  const allowed: string[] = [];
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (!params) continue;
    if (route.method === wanted) return { kind: "found", route, params };
    allowed.push(...(route.method === "GET" ? ["GET", "HEAD"] : [route.method]));
  }
  return allowed.length > 0 ? { kind: "wrong-method", allowed: allowed.sort() } : { kind: "none" };
}

function matchPath(template: string, pathname: string): Record<string, string> | null {
  const want = template.split("/");
  const got = pathname.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = got[i]!;
    if (segment.startsWith(":")) {
      if (actual === "") return null;
      try {
        params[segment.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (segment !== actual) return null;
  }
  return params;
}
