// The server's one error model: ServerError with a kind; HTTP status follows from the kind. Named
// constructors live together here. coerceError turns anything thrown into an Error.

export type ServerErrorKind =
  | "bad-request" | "unauthorized" | "not-found" | "conflict" | "payload-too-large" | "unsupported-media-type" | "config";

const STATUS_BY_KIND: Record<ServerErrorKind, number> = {
  "bad-request": 400,
  unauthorized: 401,
  "not-found": 404,
  conflict: 409,
  "payload-too-large": 413,
  "unsupported-media-type": 415,
  config: 500,
};

export class ServerError extends Error {
  readonly kind: ServerErrorKind;
  /** The request or config field at fault, when there is one. */
  readonly field: string | undefined;

  constructor(kind: ServerErrorKind, message: string, field?: string) {
    super(message);
    this.name = "ServerError";
    this.kind = kind;
    this.field = field;
  }

  get status(): number {
    return STATUS_BY_KIND[this.kind];
  }
}

export const badRequest = (message: string, field?: string) => new ServerError("bad-request", message, field);
export const unauthorized = (message: string) => new ServerError("unauthorized", message);
export const notFound = (message: string) => new ServerError("not-found", message);
export const conflict = (message: string) => new ServerError("conflict", message);
export const payloadTooLarge = (limitBytes: number) =>
  new ServerError("payload-too-large", `request body exceeds the limit of ${limitBytes} bytes`);
export const unsupportedMediaType = (got: string | undefined) =>
  new ServerError("unsupported-media-type", `content-type: got ${got === undefined ? "none" : JSON.stringify(got.slice(0, 100))}; expected application/json (UTF-8)`, "content-type");
export const badConfig = (message: string, field?: string) => new ServerError("config", message, field);

export function coerceError(error: unknown): Error {
  if (error instanceof Error) return error;
  return new Error(`non-Error thrown: ${String(error)}`, { cause: error });
}
