// Test helper: whether a PID names a live process (signal 0 probes without sending anything).

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
