import { describe, expect, it } from "vitest";
import { IsolationMutex, type Release } from "./isolation-mutex.ts";

describe("IsolationMutex", () => {
  it("FullIsolation holders run one at a time, in arrival order", () => {
    const mutex = new IsolationMutex();
    const granted: string[] = [];
    const releases = new Map<string, Release>();
    for (const name of ["a", "b", "c"]) {
      mutex.acquire("FullIsolation", (release) => {
        granted.push(name);
        releases.set(name, release);
      });
    }
    expect(granted).toEqual(["a"]);
    expect(mutex.waiting).toBe(2);
    releases.get("a")!();
    releases.get("a")!(); // a second release is harmless
    expect(granted).toEqual(["a", "b"]);
    releases.get("b")!();
    releases.get("c")!();
    expect(granted).toEqual(["a", "b", "c"]);
    expect(mutex.idle).toBe(true);
  });

  it("NoIsolation holders share, but do not pass a waiting FullIsolation request (FIFO)", () => {
    const mutex = new IsolationMutex();
    const granted: string[] = [];
    const releases: Release[] = [];
    const take = (name: string, isolation: "FullIsolation" | "NoIsolation") =>
      mutex.acquire(isolation, (release) => {
        granted.push(name);
        releases.push(release);
      });
    take("r1", "NoIsolation");
    take("r2", "NoIsolation");
    take("w", "FullIsolation");
    take("r3", "NoIsolation");
    expect(granted).toEqual(["r1", "r2"]);
    releases[0]!();
    expect(granted).toEqual(["r1", "r2"]);
    releases[1]!();
    expect(granted).toEqual(["r1", "r2", "w"]);
    releases[2]!();
    expect(granted).toEqual(["r1", "r2", "w", "r3"]);
  });

  it("withdraw removes a waiting request and lets the ones behind it in", () => {
    const mutex = new IsolationMutex();
    const granted: string[] = [];
    let releaseFirst: Release = () => undefined;
    mutex.acquire("FullIsolation", (release) => (releaseFirst = release));
    const withdraw = mutex.acquire("FullIsolation", () => granted.push("withdrawn"));
    mutex.acquire("FullIsolation", () => granted.push("third"));
    expect(withdraw()).toBe(true);
    expect(withdraw()).toBe(false);
    releaseFirst();
    expect(granted).toEqual(["third"]);
  });
});
