// Unit test: --prometheus / --prometheus-url parse into a live mode (bad input names the flag), and a
// run's id is its folder's name (a repeat's keeps its parent's).
import { describe, expect, it } from "vitest";
import { liveModeOf, runIdOf } from "./live-view.ts";

describe("liveModeOf", () => {
  it("starts nothing, starts Prometheus, or pushes to a given one", () => {
    expect(liveModeOf(undefined, undefined)).toEqual({ kind: "off" });
    expect(liveModeOf(true, undefined)).toEqual({ kind: "prometheus" });
    expect(liveModeOf(undefined, "http://127.0.0.1:9090")).toEqual({ kind: "url", url: "http://127.0.0.1:9090" });
  });

  it("refuses both flags at once and anything but an http(s) URL", () => {
    expect(() => liveModeOf(true, "http://127.0.0.1:9090")).toThrow(/--prometheus-url: .* either --prometheus or --prometheus-url, not both/);
    for (const bad of ["ftp://x", "127.0.0.1:9090", ""]) expect(() => liveModeOf(undefined, bad)).toThrow(/--prometheus-url: .*an http\(s\) URL/);
  });
});

describe("runIdOf", () => {
  it("is the run folder's name, with the parent's for a repeat", () => {
    expect(runIdOf("/r/smoke/2026-12-04T19-08-41-324Z")).toBe("2026-12-04T19-08-41-324Z");
    expect(runIdOf("/r/smoke/2026-12-04T19-08-41-324Z/repeat-2")).toBe("2026-12-04T19-08-41-324Z/repeat-2");
  });
});
