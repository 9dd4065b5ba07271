// Crashes tentacles whose behaviour asks for it: each at seeded exponential intervals (mean
// meanIntervalMs), down for downMs, then restarted. One timer per crashing tentacle, none otherwise,
// on an injected clock.

import { seededRng, type Clock, type ClockTimer, type TentacleBehaviour } from "../contracts/index.ts";
import { systemClock } from "../lib/clock.ts";

export interface Crashable {
  id: string;
  behaviour: TentacleBehaviour;
  crash(reason: string): void;
  restart(): void;
}

export interface CrashSchedule {
  stop(): void;
}

export function scheduleCrashes(seed: number, tentacles: Iterable<Crashable>, clock: Clock = systemClock): CrashSchedule {
  const timers = new Map<string, ClockTimer>();
  let stopped = false;
  for (const tentacle of tentacles) {
    const crash = tentacle.behaviour.crash;
    if (!crash) continue;
    const rng = seededRng(seed, `crash:${tentacle.id}`);
    const next = () => {
      const waitMs = Math.round(-Math.log(1 - rng()) * crash.meanIntervalMs);
      timers.set(tentacle.id, clock.setTimer(() => {
        if (stopped) return;
        tentacle.crash(`tentacle ${tentacle.id} crashed (scheduled, down ${crash.downMs} ms)`);
        timers.set(tentacle.id, clock.setTimer(() => {
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
      for (const timer of timers.values()) clock.clearTimer(timer);
      timers.clear();
    },
  };
}
