// moq-lite sessions: accept/connect over any WebTransport-shaped transport.
export { accept, connect, type ConnectOptions, type Dialer } from "./connect.js";
export type { SessionOptions } from "./options.js";
export { Session } from "./session.js";
export { SUPPORTED_PROTOCOLS, SUPPORTED_VERSIONS, versionFromProtocol } from "./version.js";
