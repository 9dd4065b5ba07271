// Public surface of sim/contracts: wire and data types shared by every part of taskstorm.
export * from "./history.ts";
export * from "./task.ts";
export * from "./api.ts";
export * from "./fixtures.ts";
export * from "./rpc.ts";
export * from "./server-config.ts";
export * from "./fleet-config.ts";
export * from "./load-plan.ts";
export * from "./checks.ts";
export * from "./expectation.ts";
export * from "./metrics.ts";
export * from "./quantiles.ts";
export * from "./summary.ts";
export * from "./rng.ts";
export * from "./progress-gaps.ts";
export * from "./slo.ts";
export * from "./comparison.ts";
