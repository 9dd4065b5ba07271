// Public surface of sim/metrics: the Prometheus text parser and renderer, the interval scraper, the
// PostgreSQL and Toxiproxy samplers, and what a live view serves Prometheus (file_sd targets, the
// sampler exporter, the fault gauge, the manual-toxic watch). Quantiles live in sim/contracts/quantiles.ts.
export { parsePromText, parseValue } from "./prom-text.ts";
export { scrapeOne, startScraper, type RunningScraper, type ScrapeTarget, type ScrapeTotals, type ScraperOptions } from "./scraper.ts";
export { makePgSampler, type PgQueryable } from "./pg-sampler.ts";
export { makeToxiproxySampler, TOXIC_TYPES, type ProxyState } from "./toxiproxy-sampler.ts";
export { fleetProbesOf, harnessSamplers, type FleetProbe, type NamedPid } from "./harness-samplers.ts";
export { renderPromText } from "./prom-render.ts";
export { startSamplerExporter, type SamplerExporter } from "./sampler-exporter.ts";
export { targetGroups, targetOf, writeJsonAtomically, writeTargetsFile, type DiscoveredTarget, type TargetGroup } from "./file-sd.ts";
export { makeFaultGauge, type FaultGauge } from "./fault-gauge.ts";
export { makeManualToxicWatch, type ManualToxicWatch } from "./manual-toxics.ts";
