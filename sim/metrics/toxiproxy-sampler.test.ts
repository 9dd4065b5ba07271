import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startToxiproxy, type RunningToxiproxy } from "../infra/toxiproxy.ts";
import { requireTool } from "../testing/tools.ts";
import { makeToxiproxySampler, TOXIC_TYPES } from "./toxiproxy-sampler.ts";

let dir: string;
let toxiproxy: RunningToxiproxy;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-toxi-sampler-"));
  toxiproxy = await startToxiproxy({ binPath: await requireTool("toxiproxy-server"), logFile: path.join(dir, "toxiproxy.log"), callTimeoutMs: 5_000 });
});
afterAll(async () => {
  await toxiproxy?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("makeToxiproxySampler on a real toxiproxy-server", () => {
  it("counts proxies by enabled and toxics by type and stream (every type present, 0 when unused)", { timeout: 20_000 }, async () => {
    await toxiproxy.populate([
      { name: "a", listen: "127.0.0.1:0", upstream: "127.0.0.1:9", enabled: true },
      { name: "b", listen: "127.0.0.1:0", upstream: "127.0.0.1:9", enabled: true },
      { name: "c", listen: "127.0.0.1:0", upstream: "127.0.0.1:9", enabled: true },
    ]);
    const sample = makeToxiproxySampler(toxiproxy.apiUrl);
    const idle = await sample(AbortSignal.timeout(5_000));
    expect(idle.find((f) => f.name === "toxiproxy_proxies")!.samples).toEqual([
      { name: "toxiproxy_proxies", labels: { enabled: "true" }, value: 3 },
      { name: "toxiproxy_proxies", labels: { enabled: "false" }, value: 0 },
    ]);
    const idleToxics = idle.find((f) => f.name === "toxiproxy_toxics")!.samples;
    expect(idleToxics).toHaveLength(TOXIC_TYPES.length * 2);
    expect(idleToxics.every((s) => s.value === 0)).toBe(true);

    const post = async (route: string, body: unknown) => {
      const res = await fetch(`${toxiproxy.apiUrl}${route}`, { method: "POST", body: JSON.stringify(body), signal: AbortSignal.timeout(5_000) });
      expect(res.ok, `${route}: ${res.status} ${await res.text()}`).toBe(true);
    };
    for (const name of ["a", "b"]) await post(`/proxies/${name}/toxics`, { name: "lat", type: "latency", stream: "downstream", toxicity: 1, attributes: { latency: 100, jitter: 0 } });
    await post("/proxies/c/toxics", { name: "hole", type: "timeout", stream: "upstream", toxicity: 1, attributes: { timeout: 0 } });
    await post("/proxies/c", { enabled: false });
    const faulted = await sample(AbortSignal.timeout(5_000));
    expect(faulted.find((f) => f.name === "toxiproxy_proxies")!.samples.find((s) => s.labels.enabled === "false")!.value).toBe(1);
    expect(faulted.find((f) => f.name === "toxiproxy_toxics")!.samples.filter((s) => s.value !== 0).sort((x, y) => x.labels.type!.localeCompare(y.labels.type!))).toEqual([
      { name: "toxiproxy_toxics", labels: { type: "latency", stream: "downstream" }, value: 2 },
      { name: "toxiproxy_toxics", labels: { type: "timeout", stream: "upstream" }, value: 1 },
    ]);
  });
});
