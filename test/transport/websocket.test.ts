import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { ErrorCode, NotFoundError, SessionCode, TransportError } from "../../src/error.js";
import { resetCode, resetReason } from "../../src/transport/reset.js";
import { connectWebSocket } from "../../src/transport/websocket/client.js";
import { serveWebSocket, type WebSocketServerHandle } from "../../src/transport/websocket/server.js";
import type { Transport } from "../../src/transport/types.js";
import type { WebSocketTransport } from "../../src/transport/websocket/transport.js";
import { first, readAll } from "./helpers.js";

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** An http server on a random loopback port upgrading /moq; `next()` yields the sessions it accepts. */
async function serve(protocols?: readonly string[], limits: { maxMessage?: number; handshakeTimeout?: number } = {}) {
	const server: Server = createServer((_, res) => res.end("plain http"));
	const sessions: WebSocketTransport[] = [];
	const waiters: ((t: WebSocketTransport) => void)[] = [];
	const handle: WebSocketServerHandle = serveWebSocket(server, {
		path: "/moq",
		...(protocols ? { protocols } : {}),
		...limits,
		onSession: (t) => {
			const waiter = waiters.shift();
			if (waiter) waiter(t);
			else sessions.push(t);
		},
	});
	await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
	cleanup.push(() => {
		handle.close();
		server.closeAllConnections();
		return new Promise<void>((r) => server.close(() => r()));
	});
	const { port } = server.address() as AddressInfo;
	const next = () => new Promise<WebSocketTransport>((r) => (sessions.length ? r(sessions.shift()!) : waiters.push(r)));
	// The raw TCP sockets behind upgrades, to drop a session without a QMux close.
	const sockets: Duplex[] = [];
	server.prependListener("upgrade", (_req, socket: Duplex) => sockets.push(socket));
	return { url: `http://127.0.0.1:${port}/moq`, port, next, sockets };
}

async function dial(url: string, protocols?: readonly string[]) {
	const client = await connectWebSocket(url, protocols ? { protocols } : {});
	cleanup.push(() => client.close());
	return client;
}

/** A bare `ws` socket upgraded with a moq subprotocol: speaks no QMux unless told to. */
async function rawSocket(url: string): Promise<{ ws: WebSocket; closed: Promise<number> }> {
	const ws = new WebSocket(url.replace("http:", "ws:"), ["qmux-01.moq-lite-05"]);
	const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
	await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
	cleanup.push(() => ws.terminate());
	return { ws, closed };
}

describe("websocket transport: limits", () => {
	it("closes an upgrade that never sends its QMux transport parameters", async () => {
		const { url, next } = await serve(undefined, { handshakeTimeout: 100 });
		const { closed } = await rawSocket(url);
		const session = await next();
		expect(await session.closed).toMatchObject({ closeCode: SessionCode.ControlMessageTimeout });
		await closed;
	});

	it("keeps a session whose peer handshakes, however long it lives", async () => {
		const { url, next } = await serve(undefined, { handshakeTimeout: 100 });
		const client = await dial(url);
		const server = await next();
		// Past the handshake timeout, by the session's own traffic: a stream both ways still works.
		await new Promise((r) => setTimeout(r, 300));
		const uni = await client.createUnidirectionalStream();
		const incoming = first(server.incomingUnidirectionalStreams);
		const w = uni.getWriter();
		await w.write(new Uint8Array([7]));
		await w.close();
		expect(await readAll(await incoming)).toEqual([7]);
	});

	it("refuses a WebSocket message over maxMessage with close 1009, before buffering it", async () => {
		const { url, next } = await serve(undefined, { maxMessage: 1024 });
		const { ws, closed } = await rawSocket(url);
		await next();
		ws.send(new Uint8Array(4096));
		expect(await closed).toBe(1009);
	});
});

describe("websocket transport: negotiation", () => {
	it("picks the newest moq-lite both sides offer, and shares the port with plain HTTP", async () => {
		const { url, next } = await serve();
		const client = await dial(url);
		const server = await next();
		expect(client.protocol).toBe("moq-lite-06");
		expect(server.protocol).toBe("moq-lite-06");
		expect((client as Transport).datagrams).toBeUndefined();
		expect(await (await fetch(url)).text()).toBe("plain http");
	});

	it("settles on an older version when that is all the client offers", async () => {
		const { url, next } = await serve();
		const client = await dial(url, ["moq-lite-03"]);
		expect(client.protocol).toBe("moq-lite-03");
		expect((await next()).protocol).toBe("moq-lite-03");
	});

	it("settles on the server's only version", async () => {
		const { url, next } = await serve(["moq-lite-04"]);
		const client = await dial(url);
		expect(client.protocol).toBe("moq-lite-04");
		expect((await next()).protocol).toBe("moq-lite-04");
	});

	it("refuses an upgrade offering nothing we speak with HTTP 400, reported clearly", async () => {
		const { url } = await serve();
		const err = await connectWebSocket(url, { protocols: ["moq-lite-99"] }).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(TransportError);
		expect((err as Error).message).toMatch(/400.*qmux-02\.moq-lite-99/);
	});

	it("upgrades a client that offers no subprotocol, with no moq version (left to a legacy SETUP)", async () => {
		const { url, next } = await serve();
		const raw = new WebSocket(url.replace("http:", "ws:"));
		cleanup.push(() => raw.terminate());
		await new Promise((r) => raw.once("open", r));
		expect(raw.protocol).toBe("");
		expect((await next()).protocol).toBe("");
	});

	it("honours an abort signal while connecting", async () => {
		const { url } = await serve();
		const ac = new AbortController();
		const connecting = connectWebSocket(url, { signal: ac.signal });
		ac.abort(new Error("gave up"));
		await expect(connecting).rejects.toThrow("gave up");
	});
});

/** A connected client and server, as (opener, acceptor) in each direction. */
async function bothWays() {
	const { url, next } = await serve();
	const client = await dial(url);
	const server = await next();
	return [
		[client, server],
		[server, client],
	] as const;
}

describe("websocket transport: streams", () => {
	it("carries bidi streams both ways with FIN, opened by either side", async () => {
		for (const [opener, acceptor] of await bothWays()) {
			const local = await opener.createBidirectionalStream({ sendOrder: 3 });
			expect(local.writable.sendOrder).toBe(3);
			const w = local.writable.getWriter();
			await w.write(new Uint8Array([1, 2, 3]));
			await w.close();
			const remote = await first(acceptor.incomingBidirectionalStreams);
			expect(await readAll(remote.readable)).toEqual([1, 2, 3]);
			const rw = remote.writable.getWriter();
			await rw.write(new Uint8Array([9]));
			await rw.close();
			expect(await readAll(local.readable)).toEqual([9]);
		}
	});

	it("carries uni streams both ways with FIN", async () => {
		for (const [opener, acceptor] of await bothWays()) {
			const w = (await opener.createUnidirectionalStream()).getWriter();
			await w.write(new Uint8Array([4, 5]));
			await w.write(new Uint8Array([6]));
			await w.close();
			expect(await readAll(await first(acceptor.incomingUnidirectionalStreams))).toEqual([4, 5, 6]);
		}
	});

	it("tells a reset from a FIN, with the code, in both directions", async () => {
		for (const [opener, acceptor] of await bothWays()) {
			// RESET_STREAM: the reader sees the writer's code after the bytes sent before it.
			const w = (await opener.createUnidirectionalStream()).getWriter();
			await w.write(new Uint8Array([1]));
			const reader = (await first(acceptor.incomingUnidirectionalStreams)).getReader();
			expect((await reader.read()).value).toEqual(new Uint8Array([1]));
			await w.abort(resetReason(13));
			expect(resetCode(await reader.read().catch((e: unknown) => e))).toBe(13);

			// STOP_SENDING: the writer's stream errors with the reader's code, without writing again.
			const bidi = await opener.createBidirectionalStream();
			const bw = bidi.writable.getWriter();
			await bw.write(new Uint8Array([2]));
			const remote = await first(acceptor.incomingBidirectionalStreams);
			await remote.readable.cancel(resetReason(7));
			expect(resetCode(await bw.closed.catch((e: unknown) => e))).toBe(7);

			// A MoqError as the reason sends its wire code.
			const w2 = (await opener.createUnidirectionalStream()).getWriter();
			await w2.write(new Uint8Array([3]));
			const r2 = (await first(acceptor.incomingUnidirectionalStreams)).getReader();
			await r2.read();
			await w2.abort(new NotFoundError());
			expect(resetCode(await r2.read().catch((e: unknown) => e))).toBe(ErrorCode.NotFound);
		}
	});

	it("ends every open stream and `closed` on both sides when one side closes the session", async () => {
		const { url, next } = await serve();
		const client = await dial(url);
		const server = await next();
		const bidi = await client.createBidirectionalStream();
		await bidi.writable.getWriter().write(new Uint8Array([1]));
		const uni = (await client.createUnidirectionalStream()).getWriter();
		await uni.write(new Uint8Array([1]));
		const remote = await first(server.incomingBidirectionalStreams);
		const remoteUni = await first(server.incomingUnidirectionalStreams);
		const remoteReader = remote.readable.getReader();
		await remoteReader.read();

		server.close({ closeCode: 42, reason: "bye" });
		expect(await client.closed).toEqual({ closeCode: 42, reason: "bye" });
		expect(await server.closed).toEqual({ closeCode: 42, reason: "bye" });
		expect(resetCode(await bidi.readable.getReader().read().catch((e: unknown) => e))).toBe(42);
		expect(resetCode(await uni.closed.catch((e: unknown) => e))).toBe(42);
		expect(resetCode(await remoteReader.read().catch((e: unknown) => e))).toBe(42);
		expect(resetCode(await remoteUni.getReader().read().catch((e: unknown) => e))).toBe(42);
		expect(resetCode(await client.createBidirectionalStream().catch((e: unknown) => e))).toBe(42);
		expect(resetCode(await first(client.incomingUnidirectionalStreams).catch((e: unknown) => e))).toBe(42);
	});
});

describe("websocket transport: dropped connection", () => {
	it("rejects `closed` and fails open streams with a TransportError when the socket drops", async () => {
		const { url, next, sockets } = await serve();
		const client = await dial(url);
		await next();
		const uni = (await client.createUnidirectionalStream()).getWriter();
		const incoming = client.incomingBidirectionalStreams.getReader();
		sockets[0]!.destroy();
		await expect(client.closed).rejects.toBeInstanceOf(TransportError);
		const err = await uni.closed.catch((e: unknown) => e);
		expect(err).toBeInstanceOf(TransportError);
		expect(resetCode(err)).toBe(ErrorCode.SessionClosed);
		expect(await incoming.read().catch((e: unknown) => e)).toBeInstanceOf(TransportError);
	});
});

describe("websocket transport: bulk", () => {
	const MB = Number(process.env.WS_TEST_MB ?? 100);
	it(`moves ${MB} MB through one session intact`, async () => {
		const { url, next } = await serve();
		const client = await dial(url);
		const server = await next();
		const chunk = 64 * 1024;
		const total = MB * 1024 * 1024;
		const received = (async () => {
			const hash = createHash("sha256");
			let n = 0;
			for await (const c of await first(server.incomingUnidirectionalStreams)) {
				hash.update(c);
				n += c.byteLength;
			}
			return { n, digest: hash.digest("hex") };
		})();
		const sent = createHash("sha256");
		const start = performance.now();
		const w = (await client.createUnidirectionalStream()).getWriter();
		for (let off = 0; off < total; off += chunk) {
			// A fresh buffer per write: a buffer handed to a transport is never touched again.
			const data = new Uint8Array(chunk);
			for (let i = 0; i < chunk; i += 4096) data[i] = (off + i) >>> 12;
			sent.update(data);
			await w.write(data);
		}
		await w.close();
		const got = await received;
		const seconds = (performance.now() - start) / 1000;
		console.log(`websocket bulk: ${MB} MB in ${seconds.toFixed(2)} s = ${(MB / seconds).toFixed(1)} MB/s`);
		expect(got).toEqual({ n: total, digest: sent.digest("hex") });
	});
});
