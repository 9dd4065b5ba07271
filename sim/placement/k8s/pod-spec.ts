// The pieces every pod of a run shares: the image's non-root user with a read-only root filesystem and
// no privileges, resources from the capacity plan (requests with headroom; a memory limit, no CPU limit,
// since throttling would distort every timing the run measures), and the agent container of a part's pod.
import type { YamlValue } from "../../lib/yaml.ts";
import type { PodSize } from "../../plan/capacity.ts";
import { AGENT_PORT, PATHS, RUN_AS_USER } from "./names.ts";

/** How long a fresh agent waits for the conductor's first lease before it stops (and Kubernetes restarts it). */
export const AGENT_FIRST_LEASE_MS = 600_000;

export const podSecurityContext = (): YamlValue => ({
  runAsNonRoot: true, runAsUser: RUN_AS_USER, runAsGroup: RUN_AS_USER, fsGroup: RUN_AS_USER, seccompProfile: { type: "RuntimeDefault" },
});

export const containerSecurityContext = (): YamlValue => ({
  allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] },
});

export function resources(size: PodSize): YamlValue {
  const cpu = `${Math.max(100, Math.round(size.cpuCores * 1000))}m`;
  const mib = Math.ceil(size.memoryBytes / (1 << 20));
  return { requests: { cpu, memory: `${mib}Mi` }, limits: { memory: `${mib * 2}Mi` } };
}

export const fieldEnv = (name: string, fieldPath: string): YamlValue => ({ name, valueFrom: { fieldRef: { fieldPath } } });

/** HOME on a writable volume: the root filesystem is read-only. */
export const homeEnv = (): YamlValue => ({ name: "HOME", value: "/tmp" });

export const tmpVolume = (): YamlValue => ({ name: "tmp", emptyDir: {} });
export const tokenVolume = (secretName: string): YamlValue => ({ name: "token", secret: { secretName, defaultMode: 0o440 } });

/**
 * The container of a part's pod: `taskstorm agent` bound to the pod's address, reachable with the run's
 * token. The shell raises the open-file soft limit to the hard one first (a fleet shard holds up to
 * 16,000 descriptors; container runtimes often start processes at a soft limit of 1,024).
 */
export function agentContainer(image: string, size: PodSize, ports: readonly { name: string; containerPort: number }[]): YamlValue {
  return {
    name: "agent",
    image,
    imagePullPolicy: "IfNotPresent",
    command: ["/bin/sh", "-c", 'ulimit -n "$(ulimit -Hn)" && exec node bin/taskstorm.js "$@"', "taskstorm"],
    args: ["agent", "--listen", `$(POD_IP):${AGENT_PORT}`, "--token-file", `${PATHS.tokenDir}/token`, "--dir", PATHS.agentDir, "--lease-ms", String(AGENT_FIRST_LEASE_MS)],
    env: [fieldEnv("POD_IP", "status.podIP"), fieldEnv("POD_NAME", "metadata.name"), homeEnv()],
    ports: [{ name: "agent", containerPort: AGENT_PORT }, ...ports].map((p) => ({ ...p, protocol: "TCP" })),
    readinessProbe: { tcpSocket: { port: AGENT_PORT }, periodSeconds: 2 },
    resources: resources(size),
    securityContext: containerSecurityContext(),
    volumeMounts: [{ name: "token", mountPath: PATHS.tokenDir, readOnly: true }, { name: "work", mountPath: PATHS.agentDir }, { name: "tmp", mountPath: "/tmp" }],
  };
}
