import { describe, expect, it } from "vitest";
import { ConnectRate } from "./connect-rate.ts";

describe("ConnectRate", () => {
  it("counts connects in the last second and keeps the peak", () => {
    let now = 0;
    const rate = new ConnectRate(() => now);
    for (let i = 0; i < 30; i++) rate.record(); // a burst at t=0
    expect(rate.current()).toBe(30);
    now = 950;
    rate.record();
    expect(rate.current()).toBe(31);
    now = 1_050; // the t=0 bucket left the window
    expect(rate.current()).toBe(1);
    now = 5_000;
    expect(rate.current()).toBe(0);
    for (let i = 0; i < 10; i++) {
      now += 300;
      rate.record();
    }
    expect(rate.current()).toBe(4);
    expect(rate.peak()).toBe(31);
  });
});
