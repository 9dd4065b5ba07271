import { describe, expect, it } from "vitest";
import { byTime, checkInput, ev, lifecycle, row } from "../testing/history-builder.ts";
import { concurrencyTag } from "./concurrency-tag.ts";

const tagged = (id: string, tag: string | null) => row(id, "Success", { concurrencyTag: tag });

describe("concurrency-tag", () => {
  it("is valid when tasks sharing a tag run one after the other, and untagged tasks overlap freely", () => {
    const events = byTime(lifecycle("T-1", "node-1", 0, 1, 10), lifecycle("T-2", "node-2", 0, 10, 20), lifecycle("T-3", "node-1", 0, 2, 30), lifecycle("T-4", "node-2", 0, 3, 30));
    const tasks = [tagged("T-1", "Projects-1/Environments-1"), tagged("T-2", "Projects-1/Environments-1"), tagged("T-3", null), tagged("T-4", null)];
    expect(concurrencyTag(checkInput([], tasks, events))).toEqual({
      valid: true,
      summary: "2 tagged claims, never two live tasks with one concurrency tag",
      counts: { taggedClaims: 2, tags: 1, overlaps: 0, tagsViolated: 0 },
    });
  });

  it("names the tag and both tasks when a task starts while another holds the tag (Cancelling still holds it)", () => {
    const events = byTime(
      [ev("T-1", null, "Queued", null, 0), ev("T-1", "Queued", "Executing", "node-1", 1), ev("T-1", "Executing", "Cancelling", "node-1", 5)],
      lifecycle("T-2", "node-2", 0, 7, 9),
    );
    const result = concurrencyTag(checkInput([], [tagged("T-1", "P/E"), tagged("T-2", "P/E")], events));
    expect(result.valid).toBe(false);
    expect(result.summary).toBe("1 claims started while another task with the same concurrency tag was live (1 tags); first: T-2 on node-2 at 7 while T-1 held P/E");
    expect(result.evidence).toEqual([{ tag: "P/E", taskId: "T-2", node: "node-2", timeMs: 7, alreadyRunning: [{ taskId: "T-1", node: "node-1", sinceMs: 1 }] }]);
  });

  it("is unknown when no tagged task was claimed", () => {
    expect(concurrencyTag(checkInput([], [tagged("T-1", null)], lifecycle("T-1", "node-1", 0, 1, 2))).valid).toBe("unknown");
  });
});
