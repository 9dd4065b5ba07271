// run.json: what the conductor inside the cluster knows of its run (a ConfigMap the render writes): its
// identity, the part hosts by pod DNS name, the agents' port and token, and how k6 runners are shaped
// (their results volume and resources), so the TestRuns it creates match the rendered ones.
import fs from "node:fs";
import { z } from "zod";
import { errors } from "../../lib/errors.ts";

const podSize = z.strictObject({ cpuCores: z.number().positive(), memoryBytes: z.number().positive() });

export const k8sRunFileSchema = z.strictObject({
  runId: z.string().min(1),
  namespace: z.string().min(1),
  image: z.string().min(1),
  scenario: z.string().min(1),
  /** Every part host: its plan name ("node-2", "fleet-1") and its pod's DNS name. */
  hosts: z.array(z.strictObject({ name: z.string().min(1), dns: z.string().min(1) })),
  agentPort: z.number().int().min(1).max(65535),
  tokenFile: z.string().min(1),
  k6: z.strictObject({ claimName: z.string().min(1), size: podSize }),
});

export type K8sRunFile = z.infer<typeof k8sRunFileSchema>;

export function readK8sRunFile(file: string): K8sRunFile {
  const parsed = k8sRunFileSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) throw errors.invalidArgument(`run description ${file}`, parsed.error.issues[0]!.path.join("."), parsed.error.issues[0]!.message);
  return parsed.data;
}
