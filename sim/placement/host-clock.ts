// A host's clock offset from the conductor's, measured the way Cristian's algorithm does: ask the
// agent its time, take the midpoint of the request's round trip as the moment it answered; the offset is
// its time minus that midpoint, known to within half the round trip (the bound). Of several probes the
// one with the shortest round trip is kept (the tightest bound).
import type { AgentClient } from "./agent-client.ts";
import type { ClockOffset } from "./placement.ts";

export async function measureClockOffset(client: AgentClient, probes = 7, nowMs: () => number = () => performance.timeOrigin + performance.now()): Promise<ClockOffset> {
  let best: ClockOffset | undefined;
  for (let i = 0; i < probes; i++) {
    const sentMs = nowMs();
    const hostMs = await client.clockMs();
    const receivedMs = nowMs();
    const sample = { offsetMs: hostMs - (sentMs + receivedMs) / 2, boundMs: (receivedMs - sentMs) / 2 };
    if (!best || sample.boundMs < best.boundMs) best = sample;
  }
  return best!;
}

/** One offset from a start and an end measurement: their mean, bounded by both bounds plus half the drift between them. */
export function combineOffsets(start: ClockOffset, end: ClockOffset | undefined): ClockOffset {
  if (!end) return start;
  return { offsetMs: (start.offsetMs + end.offsetMs) / 2, boundMs: Math.max(start.boundMs, end.boundMs) + Math.abs(end.offsetMs - start.offsetMs) / 2 };
}
