// Test-only peer for the API test: a tiny HTTP server speaking the script RPC contract (start ->
// Running, status -> Complete after `pollsUntilComplete` polls). Targets whose id contains "bad"
// exit 1. It is the test's own server, not a stand-in for the fleet in end-to-end runs.
import http from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { RPC_PATHS, type ScriptStatusResponse, type StartScriptRequest, type TicketRequest } from "../contracts/index.ts";

export interface TestTentacle extends AsyncDisposable {
  endpoint: string;
  /** Start requests received, in order. */
  starts: StartScriptRequest[];
}

export async function startTestTentacle(pollsUntilComplete = 2): Promise<TestTentacle> {
  const starts: StartScriptRequest[] = [];
  const scripts = new Map<string, { polls: number; exitCode: number }>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as StartScriptRequest & TicketRequest;
      if (req.url === RPC_PATHS.startScript) {
        starts.push(body);
        if (!scripts.has(body.ticket)) scripts.set(body.ticket, { polls: 0, exitCode: body.targetId.includes("bad") ? 1 : 0 });
      }
      const script = scripts.get(body.ticket);
      if (!script) return void res.writeHead(404).end();
      if (req.url === RPC_PATHS.getStatus) script.polls++;
      const done = script.polls >= pollsUntilComplete;
      const status: ScriptStatusResponse = { ticket: body.ticket, state: done ? "Complete" : "Running", exitCode: done ? script.exitCode : null };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(status));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    starts,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
