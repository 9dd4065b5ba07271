// The run's position and ETA: from the scenario's length before any column is done, then from the
// mean of the columns done; repeats multiply what is left.
import { describe, expect, it } from "vitest";
import { columnEstimateMs, makeEta, positionText } from "./eta.ts";

describe("run ETA", () => {
  it("estimates, then learns from finished columns, across repeats", () => {
    let now = 0;
    const eta = makeEta(columnEstimateMs({ load: { stages: [{ durationS: 30 }] }, drain: { timeoutS: 40 } } as never), () => now);
    eta.start({ repeat: 1, repeats: 3 });
    eta.start({ column: 1, columns: 2 });
    expect(eta.remainingMs()).toBe(6 * 90_000); // 30 s setup + 30 s load + 20 s drain + 10 s teardown, 6 columns
    now = 60_000;
    eta.start({ column: 2, columns: 2 });
    expect(eta.remainingMs()).toBe(60_000 + 4 * 60_000);
    expect(positionText(eta.position(), eta.remainingMs())).toBe("column 2/2 · repeat 1/3 · ETA 5m00s");
    expect(positionText({ column: 1, columns: 2, repeat: 1, repeats: 1 }, 3_725_000)).toBe("column 1/2 · ETA 1h02m");
  });
});
