// Test-only peer for server tests: a tiny HTTP server speaking the script RPC contract (start ->
// Running, status -> Complete after `pollsUntilComplete` polls, or only once the test releases it
// when `hold` is set; cancel -> Complete with exit code 130). Targets whose id contains "bad" exit
// 1; package uploads are received at once. It is the test's own server, not a stand-in for the fleet in end-to-end runs.
import http from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import {
  RPC_PATHS, type ScriptStatusResponse, type StartScriptRequest, type TicketRequest, type UploadFileRequest,
} from "../contracts/index.ts";

export interface TestTentacleOptions {
  /** Status polls before a script reports Complete (Infinity = never). */
  pollsUntilComplete?: number;
  /** Scripts stay Running until release() (then complete on the next poll). */
  hold?: boolean;
}

export interface TestTentacle extends AsyncDisposable {
  endpoint: string;
  /** Start requests received, in order (a repeated ticket is listed again). */
  starts: StartScriptRequest[];
  /** Tickets the server asked to cancel, in order. */
  cancels: string[];
  /** Package uploads received, in order. */
  uploads: UploadFileRequest[];
  /** Lets held scripts (all, or those whose ticket matches) complete with their exit code. */
  release(match?: (ticket: string) => boolean): void;
}

const CANCELED_EXIT_CODE = 130;

export async function startTestTentacle(options: TestTentacleOptions | number = {}): Promise<TestTentacle> {
  const { pollsUntilComplete = 2, hold = false } = typeof options === "number" ? { pollsUntilComplete: options } : options;
  const starts: StartScriptRequest[] = [];
  const cancels: string[] = [];
  const uploads: UploadFileRequest[] = [];
  const scripts = new Map<string, { polls: number; exitCode: number; held: boolean; done: boolean }>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as StartScriptRequest & TicketRequest & UploadFileRequest;
      if (req.url === RPC_PATHS.uploadFile) {
        uploads.push(body);
        return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ fileId: body.fileId, sizeBytes: body.sizeBytes, receiveMs: 0 }));
      }
      if (req.url === RPC_PATHS.startScript) {
        starts.push(body);
        if (!scripts.has(body.ticket)) scripts.set(body.ticket, { polls: 0, exitCode: body.targetId.includes("bad") ? 1 : 0, held: hold, done: false });
      }
      const script = scripts.get(body.ticket);
      if (!script) return void res.writeHead(404).end(JSON.stringify({ error: "unknown ticket" }));
      if (req.url === RPC_PATHS.cancelScript && !script.done) {
        cancels.push(body.ticket);
        Object.assign(script, { done: true, exitCode: CANCELED_EXIT_CODE });
      }
      if (req.url === RPC_PATHS.getStatus && !script.held) script.polls++;
      if (script.polls >= pollsUntilComplete) script.done = true;
      const status: ScriptStatusResponse = { ticket: body.ticket, state: script.done ? "Complete" : "Running", exitCode: script.done ? script.exitCode : null };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(status));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    starts,
    cancels,
    uploads,
    release(match = () => true) {
      for (const [ticket, script] of scripts) if (match(ticket) && script.held) Object.assign(script, { held: false, done: true });
    },
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
