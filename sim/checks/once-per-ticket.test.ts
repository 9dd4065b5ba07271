import { describe, expect, it } from "vitest";
import { checkInput, op } from "../testing/history-builder.ts";
import { oncePerTicket } from "./once-per-ticket.ts";

const start = (time: number, ticket: string, type: "invoke" | "info" = "invoke") => op(time, "node-1", type, "rpc:start-script", { targetId: "Machines-1", taskId: "T-1", ticket });
const run = (time: number, ticket: string, tentacle = "tentacle-1") =>
  op(time, tentacle, "invoke", "script:run", { ticket, taskId: "T-1", stepName: "Deploy", targetId: "Machines-1", node: "node-1" });

describe("once-per-ticket", () => {
  it("is valid when a retried ticket ran once, and counts the retries", () => {
    const history = [start(1, "a"), run(2, "a"), start(3, "a", "info"), start(4, "a"), start(5, "a"), start(6, "b"), run(7, "b")];
    expect(oncePerTicket(checkInput(history, [], []))).toEqual({
      valid: true,
      summary: "2 tickets ran once each (1 were started again by retries, 2 extra attempts)",
      counts: { tickets: 2, retriedTickets: 1, extraStartAttempts: 2, ranTwice: 0 },
    });
  });

  it("names the ticket that ran twice with its runs and start attempts", () => {
    const history = [start(1, "a"), run(2, "a"), start(10, "a"), run(11, "a")];
    const result = oncePerTicket(checkInput(history, [], []));
    expect(result.valid).toBe(false);
    expect(result.summary).toBe("1 of 1 tickets ran more than once; first: a (T-1/Deploy/Machines-1) ran 2 times after 2 start attempts");
    expect(result.evidence).toEqual([{
      ticket: "a", taskId: "T-1", stepName: "Deploy", targetId: "Machines-1", startAttempts: 2,
      runs: [{ tentacle: "tentacle-1", node: "node-1", timeMs: 2 }, { tentacle: "tentacle-1", node: "node-1", timeMs: 11 }],
    }]);
  });

  it("is unknown when no script ran", () => {
    expect(oncePerTicket(checkInput([start(1, "a")], [], [])).valid).toBe("unknown");
  });
});
