// Connected client/server transport pairs over loopback for bench/transport: ours (WebSocket, QUIC WebTransport,
// raw QUIC, @moq/web-transport where it loads) and @moq/qmux used directly the way @moq/net uses it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Session, { selectSubprotocol } from "@moq/qmux";
import { WebSocket, WebSocketServer } from "ws";
import { connectQuic } from "../src/transport/quic/client.js";
import { quicProvider } from "../src/transport/quic/provider.js";
import { serveQuic } from "../src/transport/quic/server.js";
import type { Transport } from "../src/transport/types.js";
import { connectWebSocket } from "../src/transport/websocket/client.js";
import { serveWebSocket } from "../src/transport/websocket/server.js";

/** The slice of a session the measurements use; ours and a bare @moq/qmux Session both have it. */
export interface Peer {
	readonly incomingBidirectionalStreams: ReadableStream<unknown>;
	readonly incomingUnidirectionalStreams: ReadableStream<ReadableStream<Uint8Array>>;
	createBidirectionalStream(): Promise<unknown>;
	createUnidirectionalStream(): Promise<WritableStream<Uint8Array>>;
	close(): void;
}

export interface Pair {
	client: Peer;
	server: Peer;
	stop(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
	await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
	return (server.address() as AddressInfo).port;
}

function stopper(server: Server, extra: () => void): () => Promise<void> {
	return async () => {
		extra();
		server.closeAllConnections();
		await new Promise<void>((r) => server.close(() => r()));
	};
}

/** Resolves with the first session a server hands to `onSession`. */
function firstSession<T>(): { accepted: (t: T) => void; session: Promise<T> } {
	let accepted!: (t: T) => void;
	const session = new Promise<T>((r) => (accepted = r));
	return { accepted, session };
}

export async function webSocketPair(): Promise<Pair> {
	const http = createServer();
	const { accepted, session } = firstSession<Peer>();
	const handle = serveWebSocket(http, { onSession: accepted });
	const port = await listen(http);
	const client = await connectWebSocket(`http://127.0.0.1:${port}/`);
	return { client, server: await session, stop: stopper(http, () => handle.close()) };
}

export async function qmuxPair(): Promise<Pair> {
	const options = { protocols: ["moq-lite-05"], versions: { "moq-lite-05": null } };
	const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => selectSubprotocol([...offered], options) ?? false });
	const http = createServer();
	const { accepted, session } = firstSession<Peer>();
	http.on("upgrade", (req, socket, head) =>
		wss.handleUpgrade(req, socket, head, (ws) => accepted(Session.accept(ws as unknown as Parameters<typeof Session.accept>[0]))),
	);
	const port = await listen(http);
	// @moq/net on Node 20 needs `globalThis.WebSocket = ws` (its README); set it only for this dial.
	const global = globalThis as { WebSocket?: unknown };
	const had = global.WebSocket;
	global.WebSocket ??= WebSocket;
	const client = new Session(`http://127.0.0.1:${port}/`, options);
	await client.ready;
	if (had === undefined) delete global.WebSocket;
	const stop = stopper(http, () => {
		for (const ws of wss.clients) ws.terminate();
		wss.close();
	});
	return { client: client as unknown as Peer, server: await session, stop };
}

export async function quicPair(mode: "webtransport" | "raw"): Promise<Pair> {
	const { accepted, session } = firstSession<Transport>();
	const handle = await serveQuic({ onSession: accepted });
	const url = mode === "raw" ? `moql://127.0.0.1:${handle.port}` : `https://127.0.0.1:${handle.port}/`;
	const client = await connectQuic(url, { serverCertificateHashes: [handle.certificateHash] });
	return { client, server: await session, stop: () => handle.close() };
}

/** The quinn-based addon, or undefined (with the reason logged) where its binary does not load. */
export async function addonPair(): Promise<Pair | undefined> {
	const provider = quicProvider({ log: (m) => console.log(m) });
	if (provider.name !== "@moq/web-transport") return undefined;
	const { accepted, session } = firstSession<Transport>();
	const handle = await provider.serve({ raw: false, onSession: accepted });
	const client = await provider.connect(`https://127.0.0.1:${handle.port}/`, { serverCertificateHashes: [handle.certificateHash] });
	return { client, server: await session, stop: () => handle.close() };
}
