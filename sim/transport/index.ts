// The project's own HTTP/1.1 RPC transport, the one surface server and fleet import: the client
// (connection-pool.ts keeps connections, post-json.ts makes one JSON call with Halibut-like timeouts),
// the server (http-server.ts listens, http-connection.ts serves a connection), the framing both share
// (http1-reader.ts, held to Node's own parser by http1-reader.differential.test.ts) and RpcError.
export { ConnectionPool, type ConnectionPoolOptions } from "./connection-pool.ts";
export { postJson, requestTarget, type PostJsonOptions, type RequestTarget } from "./post-json.ts";
export { RpcError, type RpcErrorKind, type RpcOutcome } from "./rpc-error.ts";
export { serveHttp, type HttpServerOptions, type RunningHttpServer } from "./http-server.ts";
export { serveHttpConnection, type HttpAnswer, type HttpConnectionOptions } from "./http-connection.ts";
export {
  HttpProtocolError, HttpRequestReader, HttpResponseReader, type HttpProtocolErrorCode, type HttpRequest, type HttpResponse,
} from "./http1-reader.ts";
