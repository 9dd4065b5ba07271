// Public surface of sim/metrics: the Prometheus text parser, the interval scraper, and the PostgreSQL
// and Toxiproxy samplers. Quantiles live in sim/contracts/quantiles.ts so report can share them.
export { parsePromText, parseValue } from "./prom-text.ts";
export { scrapeOne, startScraper, type RunningScraper, type ScrapeTarget, type ScrapeTotals, type ScraperOptions } from "./scraper.ts";
export { makePgSampler, type PgQueryable } from "./pg-sampler.ts";
export { makeToxiproxySampler } from "./toxiproxy-sampler.ts";
export { fleetProbesOf, harnessSamplers, type FleetProbe, type NamedPid } from "./harness-samplers.ts";
