// Node server side: upgrade WebSocket requests on an existing http(s) server, so moq shares the port with HTTP.
// Node-only (static `ws` import): kept out of ./index.ts, which every runtime loads.
import { type IncomingMessage, type Server, STATUS_CODES } from "node:http";
import type { Server as HttpsServer } from "node:https";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { limitError } from "../../lite/session-limits.js";
import { DEFAULT_LIMITS } from "../../relay/limits.js";
import { pathTest } from "../negotiate.js";
import { acceptWebSocket } from "./accept.js";
import { MOQ_ALPNS, selectWebSocketProtocol } from "./subprotocol.js";
import type { WebSocketTransport } from "./transport.js";

export interface ServeWebSocketOptions {
	/** Request paths to upgrade: an exact pathname or a test on it. Default: all. Requests outside it are left to
	 * the server's other "upgrade" listeners. */
	path?: string | ((pathname: string) => boolean);
	/** moq ALPNs to accept, most preferred first. Default: moq-lite-05, -04, -03. */
	protocols?: readonly string[];
	/** Largest WebSocket message accepted, in bytes, refused (close 1009) before it is buffered. Default the
	 * `websocketMessage` limit (64 KiB: a QMux record is at most 16382 B, a qmux-00 frame 16384 B). */
	maxMessage?: number;
	/** Time (ms) an upgraded socket has to send its QMux transport parameters; one that does not is closed with the
	 * limit's code (ControlMessageTimeout, 17). Default the `handshakeTimeout` limit; 0 waits forever. */
	handshakeTimeout?: number;
	/** Consulted before the upgrade: an HTTP status and message refuse the request (a relay's 401 for a bad token). */
	admit?: (request: IncomingMessage) => Promise<{ status: number; message: string } | undefined>;
	/** Receives each accepted session; `transport.protocol` is already known, `ready` follows shortly. */
	onSession: (transport: WebSocketTransport, request: IncomingMessage) => void;
}

export interface WebSocketServerHandle {
	/** Stops upgrading and closes every session still open (close code 0). The http server stays up. */
	close(): void;
}

/** Answers an upgrade with an HTTP error (400 as the moq relay does when a client offered no protocol of ours). */
function refuse(socket: Duplex, message: string, status = 400): void {
	socket.once("finish", () => socket.destroy());
	socket.end(
		`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
	);
}

export function serveWebSocket(server: Server | HttpsServer, options: ServeWebSocketOptions): WebSocketServerHandle {
	const alpns = options.protocols ?? MOQ_ALPNS;
	const { path } = options;
	const handshakeTimeout = options.handshakeTimeout ?? DEFAULT_LIMITS.handshakeTimeout;
	const wanted = pathTest(path);
	const wss = new WebSocketServer({
		noServer: true,
		clientTracking: false,
		perMessageDeflate: false,
		// `ws` defaults to 100 MiB and buffers a message whole before anyone sees it.
		maxPayload: options.maxMessage ?? DEFAULT_LIMITS.websocketMessage,
		handleProtocols: (offered) => selectWebSocketProtocol([...offered], alpns) || false,
	});
	const live = new Set<WebSocketTransport>();

	const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
		let pathname: string;
		try {
			pathname = new URL(request.url ?? "/", "http://localhost").pathname;
		} catch {
			return refuse(socket, `malformed request URL\n`);
		}
		if (!wanted(pathname)) return;
		const protocol = selectWebSocketProtocol(request.headers["sec-websocket-protocol"], alpns);
		if (protocol === undefined) {
			refuse(socket, `no supported subprotocol; this server speaks ${alpns.join(", ")} over QMux\n`);
			return;
		}
		const upgrade = () =>
			wss.handleUpgrade(request, socket, head, (ws) => {
				const transport = acceptWebSocket(ws, protocol);
				if (handshakeTimeout > 0) {
					// Ready means the peer's QX_TRANSPORT_PARAMETERS arrived; a socket that stays silent is closed.
					const timer = setTimeout(() => {
						const err = limitError("handshakeTimeout", handshakeTimeout, "no QMux transport parameters, closing");
						transport.close({ closeCode: err.sessionCode, reason: err.message });
					}, handshakeTimeout);
					const clear = () => clearTimeout(timer);
					transport.ready.then(clear, clear);
				}
				live.add(transport);
				const forget = () => void live.delete(transport);
				transport.closed.then(forget, forget);
				options.onSession(transport, request);
			});
		if (!options.admit) return upgrade();
		// The socket may go while we decide; a refusal or upgrade then has nowhere to go.
		options.admit(request).then(
			(refusal) => (socket.destroyed ? undefined : refusal ? refuse(socket, `${refusal.message}\n`, refusal.status) : upgrade()),
			() => refuse(socket, "internal error\n", 500),
		);
	};
	server.on("upgrade", onUpgrade);

	return {
		close() {
			server.off("upgrade", onUpgrade);
			for (const transport of live) transport.close({ closeCode: 0, reason: "server closing" });
			wss.close();
		},
	};
}
