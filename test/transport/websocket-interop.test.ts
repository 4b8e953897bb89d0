// Interop with the reference JS at the transport level: @moq/net's own WebSocket client reaches our server, and
// our client reaches a server built from @moq/qmux's Session.accept; on top, two @moq/net peers run moq-lite.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Session, { selectSubprotocol } from "@moq/qmux";
import * as Moq from "@moq/net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { resetCode, resetReason } from "../../src/transport/reset.js";
import { connectWebSocket } from "../../src/transport/websocket/client.js";
import { ensurePromiseWithResolvers } from "../../src/transport/websocket/polyfill.js";
import { serveWebSocket } from "../../src/transport/websocket/server.js";
import type { WebSocketTransport } from "../../src/transport/websocket/transport.js";
import { consumeDemo, first, publishDemo } from "./helpers.js";

type Established = Awaited<ReturnType<typeof Moq.Connection.accept>>;

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const fn of cleanup.splice(0).reverse()) await fn();
});

// @moq/net dials with the global WebSocket and Promise.withResolvers, which Node 20 lacks. Its chatty progress
// logs are muted; errors still print.
const hadWebSocket = "WebSocket" in globalThis;
beforeAll(() => {
	ensurePromiseWithResolvers();
	if (!hadWebSocket) (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
	for (const level of ["log", "debug", "info", "warn"] as const) vi.spyOn(console, level).mockImplementation(() => {});
});
afterAll(() => {
	if (!hadWebSocket) delete (globalThis as { WebSocket?: unknown }).WebSocket;
	vi.restoreAllMocks();
});

async function listen(server: Server): Promise<number> {
	await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
	cleanup.push(() => {
		server.closeAllConnections();
		return new Promise<void>((r) => server.close(() => r()));
	});
	return (server.address() as AddressInfo).port;
}

describe("websocket interop: @moq/net client -> our server", () => {
	it("completes a moq-lite-05 session: announce, subscribe, frames", async () => {
		const server = createServer();
		const accepted: Promise<Established>[] = [];
		const transports: WebSocketTransport[] = [];
		const handle = serveWebSocket(server, {
			path: "/anon",
			onSession: (transport, req) => {
				transports.push(transport);
				accepted.push(Moq.Connection.accept(transport as unknown as WebTransport, new URL(req.url!, "http://localhost")));
			},
		});
		cleanup.push(() => handle.close());
		const port = await listen(server);

		const client = await Moq.Connection.connect(new URL(`http://127.0.0.1:${port}/anon`), { websocket: { delay: 0 } });
		cleanup.push(() => client.close());
		expect(client.version).toBe("moq-lite-05");
		expect(transports[0]!.protocol).toBe("moq-lite-05");
		const serverSide = await accepted[0]!;
		cleanup.push(() => serverSide.close());
		expect(serverSide.version).toBe("moq-lite-05");

		publishDemo(serverSide);
		expect(await consumeDemo(client)).toEqual(["g0 f0", "g0 f1"]);
	});

	it("sees @moq/qmux's reset codes and sends ours", async () => {
		const server = createServer();
		const sessions: WebSocketTransport[] = [];
		const handle = serveWebSocket(server, { onSession: (t) => sessions.push(t) });
		cleanup.push(() => handle.close());
		const port = await listen(server);

		const theirs = new Session(`http://127.0.0.1:${port}/`, { protocols: ["moq-lite-05"], versions: { "moq-lite-05": null } });
		cleanup.push(() => theirs.close());
		await theirs.ready;
		expect(theirs.protocol).toBe("moq-lite-05");
		const ours = sessions[0]!;

		const w = (await theirs.createUnidirectionalStream()).getWriter();
		await w.write(new Uint8Array([1]));
		const reader = (await first(ours.incomingUnidirectionalStreams)).getReader();
		await reader.read();
		await w.abort(resetReason(26));
		expect(resetCode(await reader.read().catch((e: unknown) => e))).toBe(26);

		const bidi = await ours.createBidirectionalStream();
		const bw = bidi.writable.getWriter();
		await bw.write(new Uint8Array([2]));
		const remote = await first(theirs.incomingBidirectionalStreams);
		await remote.readable.cancel(resetReason(9));
		expect(resetCode(await bw.closed.catch((e: unknown) => e))).toBe(9);
	});
});

describe("websocket interop: our client -> @moq/qmux Session.accept server", () => {
	/** A server as @moq/qmux documents it: ws upgrade, selectSubprotocol, Session.accept, then @moq/net accept. */
	async function referenceServer(onSession: (session: Session) => void): Promise<number> {
		const options = { protocols: ["moq-lite-05", "moq-lite-04", "moq-lite-03"], versions: { "moq-lite-05": null, "moq-lite-04": null, "moq-lite-03": null } };
		const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => selectSubprotocol([...offered], options) ?? false });
		const server = createServer();
		server.on("upgrade", (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => onSession(Session.accept(ws as unknown as Parameters<typeof Session.accept>[0]))));
		cleanup.push(() => {
			for (const ws of wss.clients) ws.terminate();
			wss.close();
		});
		return listen(server);
	}

	it("completes a moq-lite-05 session: announce, subscribe, frames", async () => {
		const accepted: Promise<Established>[] = [];
		const port = await referenceServer((session) => {
			accepted.push(session.ready.then(() => Moq.Connection.accept(session, new URL("http://localhost/"))));
		});
		const url = new URL(`http://127.0.0.1:${port}/`);
		const transport = await connectWebSocket(url);
		expect(transport.protocol).toBe("moq-lite-05");
		const client = await Moq.Connection.connect(url, { transport: transport as unknown as WebTransport });
		cleanup.push(() => client.close());
		const serverSide = await accepted[0]!;
		cleanup.push(() => serverSide.close());
		expect([client.version, serverSide.version]).toEqual(["moq-lite-05", "moq-lite-05"]);

		publishDemo(client);
		expect(await consumeDemo(serverSide)).toEqual(["g0 f0", "g0 f1"]);
	});

	it("exchanges reset codes and the session close with @moq/qmux", async () => {
		const sessions: Session[] = [];
		const port = await referenceServer((s) => sessions.push(s));
		const ours = await connectWebSocket(`http://127.0.0.1:${port}/`, { protocols: ["moq-lite-04"] });
		expect(ours.protocol).toBe("moq-lite-04");
		const theirs = sessions[0]!;

		const w = (await ours.createUnidirectionalStream()).getWriter();
		await w.write(new Uint8Array([1]));
		const reader = (await first(theirs.incomingUnidirectionalStreams)).getReader();
		await reader.read();
		await w.abort(resetReason(31));
		expect(resetCode(await reader.read().catch((e: unknown) => e))).toBe(31);

		const bidi = await ours.createBidirectionalStream();
		await bidi.writable.getWriter().write(new Uint8Array([2]));
		const remote = await first(theirs.incomingBidirectionalStreams);
		const rw = remote.writable.getWriter();
		await rw.write(new Uint8Array([3]));
		await rw.close();
		expect([...(await first(bidi.readable))]).toEqual([3]);

		theirs.close({ closeCode: 5, reason: "done" });
		expect(await ours.closed).toEqual({ closeCode: 5, reason: "done" });
	});
});
