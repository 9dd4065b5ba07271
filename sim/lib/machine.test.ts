// The open-file limits as /proc/<pid>/limits states them (preflight and doctor read them).
import { describe, expect, it } from "vitest";
import { openFilesLimit } from "./machine.ts";

const limits = (soft: string, hard: string) => `Limit                     Soft Limit           Hard Limit           Units\nMax processes             95624                95624                processes\nMax open files            ${soft}                 ${hard}                files\n`;

describe("openFilesLimit", () => {
  it("reads the soft and hard limit, unlimited as Infinity", () => {
    expect(openFilesLimit(limits("1024", "524288"))).toEqual({ soft: 1024, hard: 524_288 });
    expect(openFilesLimit(limits("unlimited", "unlimited"))).toEqual({ soft: Number.POSITIVE_INFINITY, hard: Number.POSITIVE_INFINITY });
    expect(openFilesLimit("Max processes 1 1 processes\n")).toBeNull();
  });

  it("reads this process's own", () => {
    const own = openFilesLimit();
    expect(own?.soft).toBeGreaterThan(0);
    expect(own!.hard).toBeGreaterThanOrEqual(own!.soft);
  });
});
