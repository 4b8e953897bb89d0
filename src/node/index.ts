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
export { linkUpstream, nodeDial, type UpstreamLink } from "./upstream.js";
export { fetchTarget, serveFetch } from "./http-fetch.js";
