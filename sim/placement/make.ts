// Makes the placement a run asked for: `local` (this machine's loopback), or `netns` from inside the
// ctl host the supervisor started the conductor in. The lifecycle gets a Placement and never asks which.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { makeLocalPlacement, type LocalTools } from "./local.ts";
import { makeNetnsPlacement } from "./netns/placement.ts";
import { readNetnsHosts } from "./netns/supervisor.ts";
import type { Placement, PlacementKind } from "./placement.ts";

export type PlacementChoice = { kind: "local" } | { kind: "netns"; hostsFile: string; clockSkewMs?: Record<string, number> };

export function makePlacement(choice: PlacementChoice, o: { tools: LocalTools; runDir: string }): Promise<Placement> {
  switch (choice.kind) {
    case "local":
      return makeLocalPlacement(o.tools);
    case "netns":
      return makeNetnsPlacement({
        hosts: readNetnsHosts(choice.hostsFile), runDir: o.runDir, workDir: fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-agents-")),
        ...(choice.clockSkewMs ? { clockSkewMs: choice.clockSkewMs } : {}),
      });
  }
}

export const PLACEMENT_KINDS: readonly PlacementKind[] = ["local", "netns"];
