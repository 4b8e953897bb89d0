// Runtime-native WebTransport and the WebTransport-then-WebSocket race. Browser-safe: no Node modules.
export { connectWebTransport, hasWebTransport, type CertificateHash, type ConnectWebTransportOptions } from "./native.js";
export { connect, type ConnectOptions } from "./race.js";
