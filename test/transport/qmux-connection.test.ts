// Our QMux connection (server side, behind serveWebSocket) against a raw peer that speaks the wire by hand: flow
// control that blocks at the peer's limits and resumes on MAX_DATA / MAX_STREAM_DATA / MAX_STREAMS, and hostile
// input answered with CONNECTION_CLOSE and the draft's code while the process and other sessions carry on.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { TransportError } from "../../src/error.js";
import { TransportCode } from "../../src/transport/qmux/errors.js";
import { decodeMessage, encodeMaxData, encodeMaxStreamData, encodeMaxStreams, encodeParametersFrame, type FrameSink } from "../../src/transport/qmux/frames.js";
import { DEFAULT_PARAMETERS, type TransportParameters } from "../../src/transport/qmux/params.js";
import { wireOf } from "../../src/transport/qmux/wire.js";
import { connectWebSocket } from "../../src/transport/websocket/client.js";
import { serveWebSocket } from "../../src/transport/websocket/server.js";
import type { WebSocketTransport } from "../../src/transport/websocket/transport.js";
import { first, readAll } from "./helpers.js";

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const fn of cleanup.splice(0).reverse()) await fn();
});

const WIRE = wireOf("qmux-01.moq-lite-05");
const hex = (s: string) => Uint8Array.from(s.replace(/\s/g, "").match(/../g)!.map((b) => parseInt(b, 16)));

async function serve() {
	const server = createServer();
	const sessions: WebSocketTransport[] = [];
	const waiters: ((t: WebSocketTransport) => void)[] = [];
	const handle = serveWebSocket(server, { handshakeTimeout: 0, onSession: (t) => (waiters.length ? waiters.shift()!(t) : sessions.push(t)) });
	await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
	cleanup.push(() => {
		handle.close();
		server.closeAllConnections();
		return new Promise<void>((r) => server.close(() => r()));
	});
	const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	const next = () => new Promise<WebSocketTransport>((r) => (sessions.length ? r(sessions.shift()!) : waiters.push(r)));
	return { url, next };
}

/** A peer that sends raw QMux and records every frame it receives; `until` waits for a condition on them. */
async function rawPeer(url: string, params: Partial<TransportParameters>) {
	const ws = new WebSocket(url, ["qmux-01.moq-lite-05"], { perMessageDeflate: false });
	cleanup.push(() => ws.terminate());
	const data = new Map<number, number[]>();
	const fins = new Set<number>();
	const closes: { code: number; application: boolean }[] = [];
	let peer: TransportParameters | undefined;
	let changed = () => {};
	const sink: FrameSink = {
		stream: (id, _offset, bytes, fin) => {
			data.set(id, [...(data.get(id) ?? []), ...bytes]);
			if (fin) fins.add(id);
		},
		resetStream: () => {},
		stopSending: () => {},
		connectionClose: (application, code) => void closes.push({ code, application }),
		maxData: () => {},
		maxStreamData: () => {},
		maxStreams: () => {},
		parameters: (p) => void (peer = p),
		ping: (_sequence, response) => void (response && pongs++),
	};
	let pongs = 0;
	ws.on("message", (m: Buffer) => {
		decodeMessage(WIRE, new Uint8Array(m), sink);
		changed();
	});
	const wsClosed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
	await new Promise((r) => ws.once("open", r));
	ws.send(encodeParametersFrame({ ...DEFAULT_PARAMETERS, ...params }));
	const until = async (test: () => boolean) => {
		while (!test()) await new Promise<void>((r) => (changed = r));
	};
	return {
		ws,
		data,
		fins,
		closes,
		wsClosed,
		until,
		params: () => peer,
		get pongs() {
			return pongs;
		},
	};
}

describe("qmux connection: flow control", () => {
	it("stops at MAX_DATA and MAX_STREAM_DATA, resumes when either grows, FIN on the last byte", async () => {
		const { url, next } = await serve();
		const peer = await rawPeer(url, { initialMaxData: 10, initialMaxStreamDataUni: 4, initialMaxStreamsUni: 1 });
		const server = await next();
		await server.ready;
		const w = (await server.createUnidirectionalStream()).getWriter();
		void w.write(new Uint8Array(20).map((_, i) => i));
		const closing = w.close();
		await peer.until(() => (peer.data.get(3)?.length ?? 0) >= 4);
		// The stream window (4) binds first; the connection's (10) next.
		const id = 3; // the server's first unidirectional stream
		expect(peer.data.get(id)).toEqual([0, 1, 2, 3]);
		peer.ws.send(encodeMaxStreamData(id, 100));
		await peer.until(() => peer.data.get(id)!.length >= 10);
		expect(peer.data.get(id)!.length).toBe(10);
		expect(peer.fins.has(id)).toBe(false);
		peer.ws.send(encodeMaxData(100));
		await peer.until(() => peer.fins.has(id));
		expect(peer.data.get(id)).toEqual([...Array(20).keys()]);
		await closing;
	});

	it("a stream beyond MAX_STREAMS waits for the peer to raise it", async () => {
		const { url, next } = await serve();
		const peer = await rawPeer(url, { initialMaxData: 1000, initialMaxStreamDataUni: 100, initialMaxStreamsUni: 1 });
		const server = await next();
		await server.ready;
		await server.createUnidirectionalStream();
		let second = false;
		const opening = server.createUnidirectionalStream().then((s) => ((second = true), s));
		// A QX_PING round trip: once its answer is back, the server has seen everything before it, and the
		// second stream is still waiting for credit.
		peer.ws.send(hex("f48c67529ef8c7bd 01"));
		await peer.until(() => peer.pongs > 0);
		expect(second).toBe(false);
		peer.ws.send(encodeMaxStreams(false, 2));
		const s = await opening;
		const writer = s.getWriter();
		await writer.write(new Uint8Array([9]));
		await writer.close();
		await peer.until(() => peer.fins.has(7));
		expect(peer.data.get(7)).toEqual([9]);
	});

	it("grants more credit as the application reads: 6 MiB through our 4 MiB connection window", async () => {
		const { url, next } = await serve();
		const client = await connectWebSocket(url.replace("ws:", "http:"));
		cleanup.push(() => client.close());
		const server = await next();
		const w = (await client.createUnidirectionalStream()).getWriter();
		const total = 6 * 1024 * 1024; // past our 4 MiB connection window and 1 MiB stream window
		const got = first(server.incomingUnidirectionalStreams).then(readAll);
		for (let at = 0; at < total; at += 64 * 1024) await w.write(new Uint8Array(64 * 1024).fill(at >> 16));
		await w.close();
		const bytes = await got;
		expect(bytes.length).toBe(total);
		expect(bytes[total - 1]).toBe((total - 1) >> 16);
	});
});

describe("qmux connection: hostile peers", () => {
	/** A session whose peer sends `bytes` after its parameters: closed with `code`, while another session works. */
	async function violates(bytes: Uint8Array, code: number, params: Partial<TransportParameters> = {}) {
		const { url, next } = await serve();
		const peer = await rawPeer(url, { initialMaxData: 1000, initialMaxStreamsUni: 10, initialMaxStreamsBidi: 10, initialMaxStreamDataUni: 100, ...params });
		const victim = await next();
		peer.ws.send(bytes);
		await expect(victim.closed).rejects.toBeInstanceOf(TransportError);
		await peer.until(() => peer.closes.length > 0);
		expect(peer.closes).toEqual([{ code, application: false }]);
		expect(await peer.wsClosed).toBe(1002);
		// The server carries on: a fresh client still gets a stream through.
		const client = await connectWebSocket(url.replace("ws:", "http:"));
		cleanup.push(() => client.close());
		const other = await next();
		const w = (await client.createUnidirectionalStream()).getWriter();
		await w.write(new Uint8Array([1, 2]));
		await w.close();
		expect(await readAll(await first(other.incomingUnidirectionalStreams))).toEqual([1, 2]);
	}

	it("an unknown frame type: FRAME_ENCODING_ERROR", () => violates(hex("21 00"), TransportCode.FrameEncoding));

	it("a truncated frame: FRAME_ENCODING_ERROR", () => violates(hex("0a 02 09 aabb"), TransportCode.FrameEncoding));

	it("more stream data than our stream window (1 MiB): FLOW_CONTROL_ERROR", () =>
		// STREAM with OFF|LEN on client uni stream 2: offset 2^20, one byte.
		violates(hex("0e 02 80100000 01 ff"), TransportCode.FlowControl));

	it("a stream past the streams we allow (100 uni): STREAM_LIMIT_ERROR", () =>
		// Client uni stream index 100: id 100*4+2 = 402.
		violates(hex("0a 4192 01 ff"), TransportCode.StreamLimit));

	it("data on a stream we opened and the peer may not send on: STREAM_STATE_ERROR", () =>
		// Stream 3 is the server's first uni stream, never opened.
		violates(hex("0a 03 01 ff"), TransportCode.StreamState));

	it("a record larger than max_record_size: PROTOCOL_VIOLATION", () => violates(new Uint8Array(20000), TransportCode.ProtocolViolation));

	it("a text message: PROTOCOL_VIOLATION, WebSocket close 1003", async () => {
		const { url, next } = await serve();
		const peer = await rawPeer(url, {});
		const victim = await next();
		peer.ws.send("hello");
		await expect(victim.closed).rejects.toBeInstanceOf(TransportError);
		expect(await peer.wsClosed).toBe(1003);
	});

	it("draft-02: a frame before QX_TRANSPORT_PARAMETERS, or a second one: PROTOCOL_VIOLATION", async () => {
		const { url, next } = await serve();
		for (const first of [hex("1043e8"), encodeParametersFrame(DEFAULT_PARAMETERS)]) {
			const ws = new WebSocket(url, ["qmux-02.moq-lite-05"]);
			cleanup.push(() => ws.terminate());
			const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
			await new Promise((r) => ws.once("open", r));
			const victim = await next();
			if (first.byteLength > 3) ws.send(first);
			ws.send(first.byteLength > 3 ? first : hex("1043e8"));
			await expect(victim.closed).rejects.toBeInstanceOf(TransportError);
			expect(await closed).toBe(1002);
		}
	});
});
