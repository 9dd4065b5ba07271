// Reads a request body as JSON, bounded in size; bad JSON is a 400, too large a 413 (the rest of an
// oversized body is drained and discarded so the error reply can still be written).
import type http from "node:http";
import { badRequest, payloadTooLarge } from "../errors.ts";

export function readJsonBody(req: http.IncomingMessage, limitBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) return void chunks.push(chunk);
      req.off("data", onData);
      req.resume();
      reject(payloadTooLarge(limitBytes));
    };
    req.on("data", onData);
    req.on("error", reject);
    req.on("close", () => {
      if (!req.complete) reject(badRequest("request body was cut off before its end", "body"));
    });
    req.on("end", () => {
      if (size > limitBytes) return;
      const text = Buffer.concat(chunks).toString("utf8");
      if (text.trim() === "") return reject(badRequest("request body is empty; expected a JSON object", "body"));
      try {
        resolve(JSON.parse(text) as unknown);
      } catch (error) {
        reject(badRequest(`request body is not valid JSON: ${(error as Error).message}`, "body"));
      }
    });
  });
}
