// The tickets a restarted fleet process reads back from its history: each ticket's last outcome per
// tentacle, a running one as not ended, a halted one as ended without exit code, a torn last line skipped.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { readScriptMemory } from "./script-memory.ts";

const value = (ticket: string, extra: Record<string, unknown> = {}) => ({ ticket, taskId: "ServerTasks-1", stepName: "Deploy", targetId: "Machines-1", node: "node-1", ...extra });
const op = (type: string, actor: string, v: object, f = "script:run") => JSON.stringify({ time: 1, actor, type, f, value: v });

it("reads every ticket's outcome per tentacle from the fleet's history", () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-script-memory-")), "fleet-1.ndjson");
  expect(readScriptMemory(file).size).toBe(0);
  fs.writeFileSync(file, [
    op("invoke", "Machines-1", value("done")), op("ok", "Machines-1", value("done", { exitCode: 0 })),
    op("invoke", "Machines-1", value("failed")), op("fail", "Machines-1", value("failed", { exitCode: 1 })),
    op("invoke", "Machines-2", value("halted")), op("info", "Machines-2", value("halted", { error: "fleet stopped while the script ran" })),
    op("invoke", "Machines-2", value("running")),
    op("info", "Machines-2", { targetId: "Machines-2", reason: "crash" }, "tentacle:crash"),
    '{"time":1,"actor":"Machines-2","type":"invoke","f":"script:run","value":{"ticket":"to',
  ].join("\n"));
  const memory = readScriptMemory(file);
  expect(Object.fromEntries([...memory.get("Machines-1")!].map(([t, r]) => [t, [r.ended, r.exitCode]]))).toEqual({ done: [true, 0], failed: [true, 1] });
  expect(Object.fromEntries([...memory.get("Machines-2")!].map(([t, r]) => [t, [r.ended, r.exitCode]]))).toEqual({ halted: [true, undefined], running: [false, undefined] });
  expect(memory.get("Machines-2")!.get("halted")!.value).toEqual(value("halted"));
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});
