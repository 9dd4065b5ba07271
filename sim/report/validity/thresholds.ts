// When a column's measurement stops being trustworthy: the limits the validity evaluation applies,
// each with its unit and its reason. One place; docs/nightly-ci.md quotes them.

/** A Node process's event loop runs on one core: at this many cores it is never idle, and its work queues. */
export const PART_SATURATED_CORES = 0.9;
/** A harness part (fleet, k6, toxiproxy, conductor) saturated in more than this share of the load window
 * delays what it serves or measures for long stretches: tentacle answers, arrivals, fault steps. */
export const HARNESS_PART_SATURATED_SHARE_MAX = 0.25;

/** The machine counts as saturated in a 1-s sample when this share of all its CPU time was busy:
 * runnable processes then wait for a core, and every latency includes that wait. */
export const MACHINE_BUSY_SATURATED_RATIO = 0.97;
/** Invalid when the machine was saturated in more than this share of the load window's samples. */
export const MACHINE_SATURATED_SHARE_MAX = 0.5;

/** An event-loop delay p99 above this, in one 1-s sample, is a stall: 1-s scrapes slip, timers fire late, ms. */
export const LOOP_DELAY_STALL_MS = 250;
/** The conductor (fault timeline, scraper, progress) stalled in more than this share of samples is invalid. */
export const CONDUCTOR_STALL_SHARE_MAX = 0.1;
/** A fleet that answered a health RPC (straight, no proxy) that late in more than this share of samples had its
 * event loop saturated (busy, or starved of CPU) for long stretches: every tentacle it hosts answered late. */
export const FLEET_STALL_SHARE_MAX = 0.25;

/** k6 dropping more than this share of the planned iterations did not deliver the scenario's arrival rate. */
export const K6_DROPPED_RATIO_MAX = 0.01;
/** ...and more than this many: k6 drops one or two while its VUs initialise at the first arrivals, which
 * in a shortened run of 40 iterations is 2-3% without changing the offered load (flakiness run, 2026-12-04). */
export const K6_DROPPED_COUNT_TOLERATED = 5;

/** Scrape rounds are 1 s apart; a gap longer than this (ms) means the conductor or a sampler stalled. */
export const SCRAPE_GAP_MS = 2_500;
/** Invalid when the time lost in gaps beyond the interval exceeds this share of the load window. */
export const SCRAPE_GAP_SHARE_MAX = 0.1;
/** The interval the run scrapes at, ms (sim/run/pass.ts). */
export const SCRAPE_INTERVAL_MS = 1_000;
