// Test fixture (sim/run/saturation.e2e.test.ts): loaded into every Node process of a run through
// NODE_OPTIONS=--import; only a fleet process (sim/fleet/main.ts) acts: it busy-loops 980 ms of every
// second on its event loop, so the fleet saturates its core on purpose. Plain JS: loaded before tsx.
if (process.argv[1]?.endsWith("fleet/main.ts")) {
  const burnMs = Number(process.env.TASKSTORM_FLEET_BURN_MS ?? 980);
  setInterval(() => {
    const until = Date.now() + burnMs;
    while (Date.now() < until);
  }, 1000).unref();
}
