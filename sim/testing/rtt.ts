// Test helper: the round-trip time of one fresh GET to `address` (host:port), e.g. through a
// Toxiproxy proxy, in ms; and the median of several.

export async function rttMs(address: string, timeoutMs = 3_000): Promise<number> {
  const started = performance.now();
  await (await fetch(`http://${address}/`, { headers: { connection: "close" }, signal: AbortSignal.timeout(timeoutMs) })).text();
  return performance.now() - started;
}

export async function medianRttMs(address: string, samples = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) times.push(await rttMs(address));
  return times.sort((a, b) => a - b)[Math.floor(samples / 2)]!;
}
