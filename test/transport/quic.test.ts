// Our QUIC client ↔ our QUIC server over real loopback UDP: WebTransport over HTTP/3 and raw QUIC with moq ALPNs.
import { createHash, randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { TransportError } from "../../src/error.js";
import { resetCode, resetReason } from "../../src/transport/reset.js";
import { connectQuic } from "../../src/transport/quic/client.js";
import { serveQuic, type QuicServer, type ServeQuicOptions } from "../../src/transport/quic/server.js";
import type { QuicTransport } from "../../src/transport/quic/transport.js";
import type { ConnectRequest } from "../../src/transport/quic/h3/request.js";
import { first } from "./helpers.js";

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function serve(options: Partial<ServeQuicOptions> = {}) {
	const sessions: [QuicTransport, ConnectRequest | undefined][] = [];
	const waiters: ((s: [QuicTransport, ConnectRequest | undefined]) => void)[] = [];
	const server: QuicServer = await serveQuic({
		...options,
		onSession: (t, request) => {
			const w = waiters.shift();
			if (w) w([t, request]);
			else sessions.push([t, request]);
		},
	});
	cleanup.push(() => server.close());
	const next = () =>
		new Promise<[QuicTransport, ConnectRequest | undefined]>((r) => (sessions.length ? r(sessions.shift()!) : waiters.push(r)));
	return { server, next, url: `https://127.0.0.1:${server.port}/moq?jwt=abc` };
}

async function dial(url: string, server: QuicServer, protocols?: readonly string[]) {
	const client = await connectQuic(url, { serverCertificateHashes: [server.certificateHash], ...(protocols ? { protocols } : {}) });
	cleanup.push(() => client.close());
	return client;
}

async function readAll(readable: ReadableStream<Uint8Array>): Promise<Uint8Array> {
	const chunks: Uint8Array[] = [];
	for await (const c of readable) chunks.push(c);
	return Buffer.concat(chunks);
}

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

for (const mode of ["webtransport", "raw"] as const) {
	/** Opens a connected pair in this mode: our client and the session the server accepted. */
	async function pair(options: Partial<ServeQuicOptions> = {}, protocols?: readonly string[]) {
		const { server, next, url } = await serve(options);
		const target = mode === "raw" ? `moql://127.0.0.1:${server.port}` : url;
		const client = await dial(target, server, protocols);
		const [session, request] = await next();
		return { client, session, request, server };
	}

	describe(`quic ${mode}: streams`, () => {
		it("echoes on a bidi stream with FIN both ways, and on uni streams both ways", async () => {
			const { client, session } = await pair();
			const bidi = await client.createBidirectionalStream();
			const w = bidi.writable.getWriter();
			await w.write(bytes("hello "));
			await w.write(bytes("quic"));
			await w.close();
			const incoming = await first(session.incomingBidirectionalStreams);
			const got = await readAll(incoming.readable);
			const back = incoming.writable.getWriter();
			await back.write(got);
			await back.close();
			expect(text(await readAll(bidi.readable))).toBe("hello quic");

			const up = (await client.createUnidirectionalStream()).getWriter();
			await up.write(bytes("uni up"));
			await up.close();
			expect(text(await readAll(await first(session.incomingUnidirectionalStreams)))).toBe("uni up");
			const down = (await session.createUnidirectionalStream()).getWriter();
			await down.write(bytes("uni down"));
			await down.close();
			expect(text(await readAll(await first(client.incomingUnidirectionalStreams)))).toBe("uni down");
		});

		it("carries reset and stop-sending codes both ways (32-bit codes survive the mapping)", async () => {
			const { client, session } = await pair();
			// Client resets its send side: the server's reader fails with that code.
			const a = await client.createBidirectionalStream();
			const aw = a.writable.getWriter();
			await aw.write(bytes("x"));
			await aw.abort(resetReason(13));
			const ai = await first(session.incomingBidirectionalStreams);
			expect(resetCode(await readAll(ai.readable).catch((e: unknown) => e))).toBe(13);

			// Server stops reading a client stream: the client's writer fails with that code.
			const b = await client.createBidirectionalStream();
			const bw = b.writable.getWriter();
			await bw.write(bytes("y"));
			const bi = await first(session.incomingBidirectionalStreams);
			await bi.readable.cancel(resetReason(0xfffffffe));
			const stopped = await bw.closed.catch((e: unknown) => e);
			expect(resetCode(stopped)).toBe(0xfffffffe);

			// Server resets a stream it opened: the client's reader fails with that code, after the data before it.
			const c = (await session.createUnidirectionalStream()).getWriter();
			await c.write(bytes("z"));
			await c.abort(resetReason(64 + 7));
			const ci = await first(client.incomingUnidirectionalStreams);
			expect(resetCode(await readAll(ci).catch((e: unknown) => e))).toBe(71);
		});

		it("moves a bulk transfer intact (checksum) without the writer's buffer reuse leaking through", async () => {
			const { client, session } = await pair();
			const size = 2 * 1024 * 1024;
			const data = randomBytes(size);
			const expected = createHash("sha256").update(data).digest("hex");
			const send = (async () => {
				const w = (await client.createUnidirectionalStream()).getWriter();
				// One scratch buffer reused for every write, as @moq/net's writer does.
				const scratch = new Uint8Array(64 * 1024);
				for (let off = 0; off < size; off += scratch.length) {
					scratch.set(data.subarray(off, off + scratch.length));
					await w.write(scratch);
				}
				await w.close();
			})();
			const got = await readAll(await first(session.incomingUnidirectionalStreams));
			await send;
			expect(got.length).toBe(size);
			expect(createHash("sha256").update(got).digest("hex")).toBe(expected);
		}, 30_000);
	});

	describe(`quic ${mode}: send order`, () => {
		it("sends the stream with the higher sendOrder first, and follows changes", async () => {
			const { client, session } = await pair();
			const size = 256 * 1024;
			const finished: string[] = [];
			const received = (async () => {
				const reader = session.incomingUnidirectionalStreams.getReader();
				const reads: Promise<void>[] = [];
				for (let i = 0; i < 2; i++) {
					const stream = (await reader.read()).value!;
					reads.push(readAll(stream).then((d) => void finished.push(text(d.subarray(0, 4)))));
				}
				await Promise.all(reads);
			})();
			const low = await client.createUnidirectionalStream({ sendOrder: 1 });
			const high = await client.createUnidirectionalStream({ sendOrder: 2 });
			const fill = (tag: string) => {
				const d = new Uint8Array(size);
				d.set(bytes(tag));
				return d;
			};
			// The low one is promoted past the other before anything is written.
			low.sendOrder = 100;
			const lw = low.getWriter();
			const hw = high.getWriter();
			await Promise.all([hw.write(fill("high")).then(() => hw.close()), lw.write(fill("lowr")).then(() => lw.close())]);
			await received;
			expect(finished).toEqual(["lowr", "high"]);
		});
	});

	describe(`quic ${mode}: datagrams and close`, () => {
		it("sends datagrams both ways", async () => {
			const { client, session } = await pair();
			expect(client.datagrams.maxDatagramSize).toBeGreaterThan(1000);
			const reader = session.datagrams.readable.getReader();
			const writer = client.datagrams.writable.getWriter();
			// Datagrams may drop: send until one arrives.
			const timer = setInterval(() => void writer.write(bytes("ping")), 20);
			const { value } = await reader.read();
			clearInterval(timer);
			expect(text(value!)).toBe("ping");
			const back = client.datagrams.readable.getReader();
			const sw = session.datagrams.writable.getWriter();
			const t2 = setInterval(() => void sw.write(bytes("pong")), 20);
			expect(text((await back.read()).value!)).toBe("pong");
			clearInterval(t2);
		});

		it("delivers the close code and reason to the peer, and fails streams still open", async () => {
			const { client, session } = await pair();
			const open = await client.createBidirectionalStream();
			await open.writable.getWriter().write(bytes("pending"));
			session.close({ closeCode: 1234, reason: "bye now" });
			expect(await client.closed).toEqual({ closeCode: 1234, reason: "bye now" });
			expect(await session.closed).toEqual({ closeCode: 1234, reason: "bye now" });
			await expect(readAll(open.readable)).rejects.toBeDefined();
			await expect(client.createBidirectionalStream()).rejects.toBeDefined();
		});

		it("closes its sessions with code 0 when the server closes", async () => {
			const { client, server } = await pair();
			await server.close();
			expect(await client.closed).toEqual({ closeCode: 0, reason: "server closing" });
		});
	});
}

describe("quic webtransport: negotiation", () => {
	it("picks our most preferred protocol the client offered and exposes the request", async () => {
		const { server, next, url } = await serve();
		const client = await dial(url, server, ["moq-lite-03", "moq-lite-05"]);
		const [session, request] = await next();
		expect(client.protocol).toBe("moq-lite-05");
		expect(session.protocol).toBe("moq-lite-05");
		expect(request?.url.href).toBe(url);
		expect(request?.protocols).toEqual(["moq-lite-03", "moq-lite-05"]);
	});

	it("settles on an older version when that is all the client offers", async () => {
		const { server, url } = await serve();
		expect((await dial(url, server, ["moq-lite-04"])).protocol).toBe("moq-lite-04");
	});

	it("refuses a client with no protocol in common, and paths it does not serve", async () => {
		const { server, url } = await serve({ path: "/moq" });
		await expect(dial(url, server, ["moqt-99"])).rejects.toBeInstanceOf(TransportError);
		await expect(dial(`https://127.0.0.1:${server.port}/other`, server)).rejects.toThrow(/404/);
	});

	it("fails to connect when the certificate hash does not match", async () => {
		const { url } = await serve();
		await expect(connectQuic(url, { serverCertificateHashes: [new Uint8Array(32)] })).rejects.toBeInstanceOf(TransportError);
	});

	it("raw QUIC takes the moq ALPN, and a client with none in common cannot connect", async () => {
		const { server } = await serve({ protocols: ["moq-lite-04"] });
		const client = await dial(`moql://127.0.0.1:${server.port}`, server, ["moq-lite-05", "moq-lite-04"]);
		expect(client.protocol).toBe("moq-lite-04");
		await expect(dial(`moql://127.0.0.1:${server.port}`, server, ["moq-lite-05"])).rejects.toBeInstanceOf(TransportError);
	});

	it("aborts a connection attempt", async () => {
		const { server, url } = await serve();
		const controller = new AbortController();
		const pending = connectQuic(url, { serverCertificateHashes: [server.certificateHash], signal: controller.signal });
		controller.abort(new Error("gave up"));
		await expect(pending).rejects.toThrow("gave up");
	});
});

