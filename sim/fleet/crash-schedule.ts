// Crashes tentacles whose behaviour asks for it: each at seeded exponential intervals (mean
// meanIntervalMs), down for downMs, then restarted. One timer per crashing tentacle, none otherwise.

import { seededRng, type TentacleBehaviour } from "../contracts/index.ts";

export interface Crashable {
  id: string;
  behaviour: TentacleBehaviour;
  crash(reason: string): void;
  restart(): void;
}

export interface CrashSchedule {
  stop(): void;
}

export function scheduleCrashes(seed: number, tentacles: Iterable<Crashable>): CrashSchedule {
  const timers = new Map<string, NodeJS.Timeout>();
  let stopped = false;
  for (const tentacle of tentacles) {
    const crash = tentacle.behaviour.crash;
    if (!crash) continue;
    const rng = seededRng(seed, `crash:${tentacle.id}`);
    const next = () => {
      const waitMs = Math.round(-Math.log(1 - rng()) * crash.meanIntervalMs);
      timers.set(tentacle.id, setTimeout(() => {
        if (stopped) return;
        tentacle.crash(`tentacle ${tentacle.id} crashed (scheduled, down ${crash.downMs} ms)`);
        timers.set(tentacle.id, setTimeout(() => {
          if (stopped) return;
          tentacle.restart();
          next();
        }, crash.downMs));
      }, waitMs));
    };
    next();
  }
  return {
    stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
