// What the harness hands a k6 script (as a JSON file read in the init context). Pure types: k6 imports this.

export interface LoadStage {
  /** Target arrival rate at the end of the stage, deployments per second. */
  rateRps: number;
  durationS: number;
}

/** How long a load of these stages lasts, seconds (the sum of their durations). */
export const loadDurationS = (stages: readonly LoadStage[]): number => stages.reduce((total, stage) => total + stage.durationS, 0);

export interface DeploymentShape {
  projectId: string;
  environmentId: string;
  tenantId?: string;
}

export interface LoadPlan {
  /** Base URLs of every server node's API; requests are spread over them. */
  nodeUrls: string[];
  /** A secret: never in the plan file (planFileOf drops it); k6 gets it in the API_KEY_ENV environment variable. */
  apiKey: string;
  /** Starting arrival rate, deployments per second. */
  startRateRps: number;
  stages: LoadStage[];
  /** VUs pre-allocated / allowed for the arrival-rate executor. */
  preAllocatedVUs: number;
  maxVUs: number;
  /** Deployments to draw from, seeded order. */
  deployments: DeploymentShape[];
  /** Where handleSummary writes the k6 summary JSON (absolute path). */
  summaryFile: string;
  /** Operators cancelling running tasks: ratePerS cancels, each of a task listed in one of `states` (absent = none). */
  cancels?: { ratePerS: number; states: string[] };
  /** Manual interventions: ratePerS times, a listed Executing task gets HasPendingInterruptions set, then cleared after holdS. */
  interruptions?: { ratePerS: number; holdS: number };
  /** People watching dashboards: `vus` pollers each listing tasks every intervalS (absent = none). */
  dashboards?: { vus: number; intervalS: number };
  /** k6 thresholds, passed through as-is. */
  thresholds: Record<string, string[]>;
}

/** The environment variable that carries the API key to k6 (never a file in the run folder, never argv). */
export const API_KEY_ENV = "TASKSTORM_API_KEY";

/** The plan as written to k6-plan.json: everything but the secret. */
export type LoadPlanFile = Omit<LoadPlan, "apiKey">;

export function planFileOf(plan: LoadPlan): LoadPlanFile {
  const { apiKey: _secret, ...rest } = plan;
  return rest;
}
