// Makes the placement a run asked for: `local` (this machine's loopback), `netns` from inside the ctl
// host the supervisor started the conductor in, or `k8s` from inside the conductor's pod (its run
// description names the pods). The lifecycle gets a Placement and never asks which.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { KubeApi } from "./k8s/kube-api.ts";
import { makeK8sPlacement } from "./k8s/placement.ts";
import { readK8sRunFile } from "./k8s/run-file.ts";
import { makeLocalPlacement, type LocalTools } from "./local.ts";
import { makeNetnsPlacement } from "./netns/placement.ts";
import { readNetnsHosts } from "./netns/supervisor.ts";
import type { Placement, PlacementKind } from "./placement.ts";

export type PlacementChoice = { kind: "local" } | { kind: "netns"; hostsFile: string; clockSkewMs?: Record<string, number> } | {
  kind: "k8s";
  /** The run description (run.json) in the conductor's pod. */
  runFile: string;
  /** Default: the in-cluster API with the pod's ServiceAccount token (a stand-in's in tests). */
  api?: { baseUrl: string; tokenFile: string };
  /** Where the k6 results volume is mounted; default: as rendered. */
  resultsDir?: string;
};

export function makePlacement(choice: PlacementChoice, o: { tools: LocalTools; runDir: string }): Promise<Placement> {
  switch (choice.kind) {
    case "local":
      return makeLocalPlacement(o.tools);
    case "netns":
      return makeNetnsPlacement({
        hosts: readNetnsHosts(choice.hostsFile), runDir: o.runDir, workDir: fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-agents-")),
        ...(choice.clockSkewMs ? { clockSkewMs: choice.clockSkewMs } : {}),
      });
    case "k8s":
      return makeK8sPlacement({
        runFile: readK8sRunFile(choice.runFile), runDir: o.runDir, k6Path: o.tools.k6,
        ...(choice.api ? { api: new KubeApi({ namespace: readK8sRunFile(choice.runFile).namespace, ...choice.api }) } : {}), ...(choice.resultsDir ? { resultsDir: choice.resultsDir } : {}),
      });
  }
}

export const PLACEMENT_KINDS: readonly PlacementKind[] = ["local", "netns", "k8s"];
