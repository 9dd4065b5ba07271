// Public surface of sim/scenario: load + validate + merge scenario specs.
export { loadScenario, validateScenario, chooseVariants, listScenarioNames, resolveScenarioPath, variantsOf, SCENARIOS_DIR, type LoadedScenario, type Variant } from "./load.ts";
export { parseSetOverride, deepMerge } from "./merge.ts";
export { baseScenario } from "./base.ts";
export { scenarioSchema, type ScenarioSpec, type ScenarioInput, type FaultStep, type FaultTarget, type StrategyChoice, type Expectation } from "./schema.ts";
export { RPC_PRESETS, halibutSettings, scaledMs, scaledRpcSettings, scaledTentacleSettings, type HalibutSettings, type RpcPresetName } from "./rpc-presets.ts";
export { type FleetSpec, type BehaviourGroup } from "./fleet-schema.ts";
