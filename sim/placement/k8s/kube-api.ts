// The conductor's client of the Kubernetes API from inside its pod: the ServiceAccount's token (read at
// each call: projected tokens rotate) as a bearer, the cluster's CA trusted through NODE_EXTRA_CA_CERTS
// (set on the conductor's container), JSON only, each call with a deadline; errors name the call and
// what the API answered. Only what the conductor's Role allows: ConfigMaps, Secrets, TestRuns, pods and their logs.
import fs from "node:fs";
import { errors } from "../../lib/errors.ts";

const SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";
const CALL_TIMEOUT_MS = 30_000;

export type KubeKind = "configmaps" | "secrets" | "testruns" | "pods";

const collectionOf = (kind: KubeKind, namespace: string) =>
  kind === "testruns" ? `/apis/k6.io/v1alpha1/namespaces/${namespace}/testruns` : `/api/v1/namespaces/${namespace}/${kind}`;

export interface KubeApiOptions {
  namespace: string;
  /** Default: https://kubernetes.default.svc (KUBERNETES_SERVICE_HOST/PORT when set). */
  baseUrl?: string;
  tokenFile?: string;
}

export class KubeApi {
  readonly namespace: string;
  readonly #baseUrl: string;
  readonly #tokenFile: string;

  constructor(o: KubeApiOptions) {
    this.namespace = o.namespace;
    const host = process.env.KUBERNETES_SERVICE_HOST;
    this.#baseUrl = o.baseUrl ?? (host ? `https://${host.includes(":") ? `[${host}]` : host}:${process.env.KUBERNETES_SERVICE_PORT ?? "443"}` : "https://kubernetes.default.svc");
    this.#tokenFile = o.tokenFile ?? SERVICE_ACCOUNT_TOKEN;
  }

  create<T = unknown>(kind: KubeKind, body: unknown): Promise<T> {
    return this.#call("POST", collectionOf(kind, this.namespace), body);
  }

  get<T = unknown>(kind: KubeKind, name: string): Promise<T> {
    return this.#call("GET", `${collectionOf(kind, this.namespace)}/${name}`);
  }

  /** Deletes in the background (dependents follow); a missing object is not an error. */
  async delete(kind: KubeKind, name: string): Promise<void> {
    await this.#call("DELETE", `${collectionOf(kind, this.namespace)}/${name}`, { kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: "Background" }, [404]);
  }

  async list<T = unknown>(kind: KubeKind, labelSelector: string): Promise<T[]> {
    return (await this.#call<{ items: T[] }>("GET", `${collectionOf(kind, this.namespace)}?labelSelector=${encodeURIComponent(labelSelector)}`)).items;
  }

  /** A container's log (text; the last 10 MiB at most). */
  podLog(name: string, container: string): Promise<string> {
    return this.#call("GET", `${collectionOf("pods", this.namespace)}/${name}/log?container=${encodeURIComponent(container)}&limitBytes=${10 << 20}`, undefined, [], false);
  }

  async #call<T>(method: string, route: string, body?: unknown, tolerated: number[] = [], json = true): Promise<T> {
    const what = `Kubernetes API ${method} ${route}`;
    let res: Response;
    try {
      res = await fetch(`${this.#baseUrl}${route}`, {
        method,
        headers: { authorization: `Bearer ${fs.readFileSync(this.#tokenFile, "utf8").trim()}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
    } catch (error) {
      throw errors.infraFailed(what, `failed: ${(error as Error).message}`, error);
    }
    const text = await res.text();
    if (!res.ok && !tolerated.includes(res.status)) throw errors.infraFailed(what, `answered ${res.status}: ${text.slice(0, 500)}`);
    return (json ? (text ? JSON.parse(text) : undefined) : text) as T;
  }
}
