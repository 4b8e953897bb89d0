// Node-only API (`moqwire/node`): servers that need node:http, ws and UDP sockets.
export { listen, parseBind, type Endpoint, type EndpointOptions } from "./endpoint.js";
export { publishClock, DEMO_BROADCAST, DEMO_TRACK, type DemoClock } from "./demo-clock.js";
export { serveWebSocket, type ServeWebSocketOptions, type WebSocketServerHandle } from "../transport/websocket/server.js";
export {
	connectQuic,
	serveQuic,
	quicProvider,
	generateCertificate,
	certificateHash,
	QuicTransport,
	type ConnectQuicOptions,
	type ServeQuicOptions,
	type QuicServer,
	type QuicProvider,
	type Certificate,
} from "../transport/quic/index.js";
export { nodeDial } from "./dial.js";
export { linkUpstream, type UpstreamLink } from "../relay/upstream.js";
export { Relay, type RelayOptions, type Peer } from "../relay/relay.js";
export type { Grant } from "../relay/grant.js";
export { createLogger, type Logger } from "../relay/log.js";
export { fetchTarget, serveFetch } from "./http-fetch.js";
