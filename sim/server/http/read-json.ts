// Reads a request body as JSON, bounded in size: a content-type other than application/json (charset,
// if given, UTF-8) is a 415 before any byte is read, bad JSON a 400, too large a 413 (the rest of an
// oversized body is drained and discarded so the error reply can still be written).
import type http from "node:http";
import { badRequest, payloadTooLarge, unsupportedMediaType } from "../errors.ts";

export function readJsonBody(req: http.IncomingMessage, limitBytes: number): Promise<unknown> {
  const contentType = req.headers["content-type"];
  if (!isJsonMediaType(contentType)) return Promise.reject(unsupportedMediaType(contentType));
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

/** "application/json", any case, with no parameter but charset=utf-8 (RFC 8259 JSON is UTF-8; RFC 9110 allows empty ones). */
export function isJsonMediaType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type = "", ...parameters] = header.split(";");
  if (type.trim().toLowerCase() !== "application/json") return false;
  return parameters.every((parameter) => {
    if (parameter.trim() === "") return true;
    const [name = "", value = ""] = parameter.split("=");
    return name.trim().toLowerCase() === "charset" && value.trim().replace(/^"(.*)"$/, "$1").toLowerCase() === "utf-8";
  });
}
