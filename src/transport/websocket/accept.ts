// Server side, runtime-neutral: run a QMux session over a WebSocket the host already upgraded. Pick the
// subprotocol first with selectWebSocketProtocol (answer 400 when it returns undefined), then, as
// test/transport/websocket-runtimes.test.ts runs it:
//   Deno:    const { socket, response } = Deno.upgradeWebSocket(req);
//            if (protocol) response.headers.set("Sec-WebSocket-Protocol", protocol); acceptWebSocket(socket, protocol)
//            (not `upgradeWebSocket(req, { protocol })`: Deno then fails with a 500 when the offer is separated by
//            "," without a space, as Node's `ws` client, and so @moq/net on Node 20, sends it)
//   workerd: const [client, server] = Object.values(new WebSocketPair()); server.accept();
//            acceptWebSocket(server, protocol); return new Response(null, { status: 101, webSocket: client,
//            headers: protocol ? { "Sec-WebSocket-Protocol": protocol } : {} })
import Session from "@moq/qmux";
import { ensurePromiseWithResolvers } from "./polyfill.js";
import { alpnOf } from "./subprotocol.js";
import { QMUX_CONFIG, WebSocketTransport } from "./transport.js";

/**
 * A standard WebSocket, open or opening: browser/Deno/workerd `WebSocket` or a Node `ws` socket. Only the members
 * a caller can rely on are listed; @moq/qmux also takes over its on* handlers, which both kinds have.
 */
export interface AcceptedWebSocket {
	binaryType: string;
	readonly readyState: number;
	readonly bufferedAmount: number;
	send(data: Uint8Array): void;
	close(code?: number, reason?: string): void;
}

/** What @moq/qmux is typed to take; the standard socket types differ from it only in on* handler signatures. */
export type QmuxSocket = Parameters<typeof Session.accept>[0];

/**
 * Takes over `socket` (its on* handlers are replaced) and returns the session's Transport at once;
 * `protocol` is the subprotocol the upgrade answered with ("" for none). It is passed explicitly because
 * some hosts (workerd) do not report it on the server's socket, and QMux reads its wire draft from it.
 */
export function acceptWebSocket(socket: AcceptedWebSocket, protocol: string): WebSocketTransport {
	ensurePromiseWithResolvers();
	const session = Session.accept(socket as QmuxSocket, { protocol, config: QMUX_CONFIG });
	return new WebSocketTransport(session, alpnOf(protocol));
}
