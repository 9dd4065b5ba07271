// Network-namespace hosts, for real: hosts reach each other and nothing else, a partition and an
// outbound drop cut what they should and heal; a killed conductor's hosts (and their processes) are
// removed by the next run; and a netns run stopped by SIGTERM leaves no namespace and no process.
// Skips, saying why, where namespaces cannot be made.
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { spawnCli } from "../../testing/cli.ts";
import { newMarker, processesWithMarker } from "../../testing/leaks.ts";
import {
  createNetnsHosts, listNetns, netnsUnavailable, NETNS_PREFIX, planNetnsHosts, removeLeftoverHosts, removeNetnsHosts, setHostLink, setHostOutboundDrop,
  type NetnsHost,
} from "./hosts.ts";

const run = promisify(execFile);
const unavailable = await netnsUnavailable();

/** One TCP connect from `from` to `to`:port, inside `from`'s namespace: "connected", "refused" or "timeout". */
async function connect(from: NetnsHost, to: string, port: number): Promise<string> {
  const code = `const s=require("net").connect(${port},"${to}",()=>{console.log("connected");process.exit(0)});s.on("error",e=>{console.log(e.code==="ECONNREFUSED"?"refused":e.code);process.exit(0)});setTimeout(()=>{console.log("timeout");process.exit(0)},800)`;
  return (await run("ip", ["netns", "exec", from.netns, process.execPath, "-e", code])).stdout.trim();
}

describe.skipIf(unavailable !== undefined)(`network-namespace hosts${unavailable ? ` (skipped: ${unavailable})` : ""}`, () => {
  it("reach each other only, and a partition or an outbound drop cuts them until healed", async () => {
    const hosts = planNetnsHosts(process.pid, ["a", "b"]);
    await createNetnsHosts(hosts);
    try {
      const [a, b] = hosts.hosts as [NetnsHost, NetnsHost];
      expect([a.address, b.address]).toEqual(["198.18.0.1", "198.18.0.2"]);
      expect(await connect(a, b.address, 9)).toBe("refused"); // reachable: the host answers, nothing listens
      await setHostLink(hosts, b, false);
      expect(await connect(a, b.address, 9)).toBe("timeout");
      await setHostLink(hosts, b, true);
      expect(await connect(a, b.address, 9)).toBe("refused");
      await setHostOutboundDrop(b, true); // b's replies vanish: a sees nothing
      expect(await connect(a, b.address, 9)).toBe("timeout");
      await setHostOutboundDrop(b, false);
      expect(await connect(a, b.address, 9)).toBe("refused");
      const root = await run(process.execPath, ["-e", `require("net").connect(9,"${b.address}").on("error",e=>console.log(e.code)).setTimeout(500,()=>{console.log("timeout");process.exit(0)})`]);
      expect(root.stdout.trim()).not.toBe("ECONNREFUSED"); // the root namespace has no way to the hosts
    } finally {
      expect(await removeNetnsHosts(hosts)).toEqual([]);
    }
    expect((await listNetns()).filter((ns) => ns.startsWith(`${NETNS_PREFIX}${process.pid}-`))).toEqual([]);
  });

  it("removes the hosts of a conductor that died, with the processes still in them", async () => {
    const dead = spawn(process.execPath, ["-e", "0"]);
    await new Promise((r) => dead.once("exit", r));
    const hosts = planNetnsHosts(dead.pid!, ["node-1"]);
    await createNetnsHosts(hosts);
    const sleeper = spawn("ip", ["netns", "exec", hosts.hosts[0]!.netns, "sleep", "600"], { stdio: "ignore" });
    await new Promise((r) => sleeper.once("spawn", r));
    expect(await removeLeftoverHosts()).toContain(dead.pid);
    expect((await listNetns()).filter((ns) => ns.startsWith(`${NETNS_PREFIX}${dead.pid}-`))).toEqual([]);
    await new Promise((r) => (sleeper.exitCode !== null || sleeper.signalCode !== null ? r(undefined) : sleeper.once("exit", r)));
    expect(sleeper.signalCode).toBe("SIGKILL");
  });

  it("a netns run stopped by SIGTERM mid-load exits 143 and leaves no namespace and no process", async () => {
    const marker = newMarker();
    const cli = spawnCli(["run", "smoke", "--placement", "netns", "--strategy", "optimistic"], marker);
    await cli.waitForOutput(/optimistic: load \+ faults/, 120_000);
    cli.child.kill("SIGTERM");
    expect(await cli.exited, cli.output()).toBe(143);
    expect(cli.output()).toMatch(/netns: hosts removed/);
    expect(processesWithMarker(marker)).toEqual([]);
    // its own hosts: the run names them by its pid (other test files may have netns runs going meanwhile)
    expect((await listNetns()).filter((ns) => ns.startsWith(`${NETNS_PREFIX}${cli.child.pid}-`))).toEqual([]);
  }, 180_000);
});
