// Node QUIC: WebTransport over HTTP/3 and raw QUIC with the moq ALPNs, client and server. Node-only.
export { type Certificate, certificateHash, generateCertificate, type GenerateOptions, MAX_PINNED_DAYS } from "./certificate.js";
export type { ConnectQuicOptions } from "./client.js";
export { connectQuic, serveQuic } from "./lazy.js";
export type { ConnectRequest } from "./h3/request.js";
export { type ProviderServeOptions, type QuicProvider, type QuicProviderName, quicProvider } from "./provider.js";
export type { QuicServer, ServeQuicOptions } from "./server.js";
export { QuicTransport } from "./transport.js";
