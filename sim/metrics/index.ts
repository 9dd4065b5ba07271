// Public surface of sim/metrics: the Prometheus text parser and the interval scraper. Quantiles live in
// sim/contracts/quantiles.ts so report can share them without a sibling import.
export { parsePromText, parseValue } from "./prom-text.ts";
export { scrapeOne, startScraper, type RunningScraper, type ScrapeTarget, type ScrapeTotals, type ScraperOptions } from "./scraper.ts";
