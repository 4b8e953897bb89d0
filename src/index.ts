// Public API of moqwire. Platform entries (src/entry/*) load the WASM core and re-export this.
export * from "./error.js";
export { ready, isReady } from "./wasm/core.js";
/** The moq-lite wire codec: message shapes, encoders and the incremental decoder. */
export * as Codec from "./codec/index.js";
export * from "./model/index.js";
export * from "./lite/index.js";
export type { Transport, BidiStream, SendStream, CloseInfo, StreamOptions, DatagramDuplex } from "./transport/types.js";
export { MemoryTransport, type MemoryTransportOptions } from "./transport/memory.js";
export { resetCode, resetReason, StreamResetError } from "./transport/reset.js";
export * from "./transport/websocket/index.js";
export { connectWebTransport, hasWebTransport, type ConnectWebTransportOptions, type CertificateHash } from "./transport/webtransport/index.js";
/** Dials a URL: WebTransport first, WebSocket (QMux) after a short head start; the winner per URL is remembered. */
export { connect as dial, type ConnectOptions as DialOptions } from "./transport/webtransport/index.js";
