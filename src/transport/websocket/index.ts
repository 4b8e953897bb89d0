// WebSocket (QMux) transport, runtime-neutral parts. The Node server helper is in ./server.ts.
export { acceptWebSocket, type AcceptedWebSocket } from "./accept.js";
export { connectWebSocket, type ConnectWebSocketOptions } from "./client.js";
export { MOQ_ALPNS, alpnOf, offeredSubprotocols, selectWebSocketProtocol } from "./subprotocol.js";
export { WebSocketTransport } from "./transport.js";
