// Runtime-native WebTransport and the WebTransport-then-WebSocket race. Browser-safe: no Node modules.
export { connectWebTransport, hasWebTransport, type ConnectWebTransportOptions } from "./native.js";
export { type CertificateHash, devPin, hashBytes } from "./pins.js";
export { connect, type ConnectOptions } from "./race.js";
