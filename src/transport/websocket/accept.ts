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
import { QmuxConnection } from "../qmux/connection.js";
import type { WebSocketLike } from "../qmux/socket.js";
import { wireOf } from "../qmux/wire.js";
import { alpnOf } from "./subprotocol.js";
import { WebSocketTransport } from "./transport.js";

/**
 * A standard WebSocket, open or opening: browser/Deno/workerd `WebSocket` or a Node `ws` socket. Only the members
 * a caller can rely on are listed; the session also adds its own listeners.
 */
export type AcceptedWebSocket = WebSocketLike;

/**
 * Takes over `socket` and returns the session's Transport at once; `protocol` is the subprotocol the upgrade
 * answered with ("" for none). It is passed explicitly because some hosts (workerd) do not report it on the
 * server's socket, and it selects the QMux wire draft.
 */
export function acceptWebSocket(socket: AcceptedWebSocket, protocol: string): WebSocketTransport {
	return new WebSocketTransport(new QmuxConnection(socket, wireOf(protocol), "server"), alpnOf(protocol));
}
