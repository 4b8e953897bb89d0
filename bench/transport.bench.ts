// WebSocket (QMux) transport: bulk MB/s and small-message round trips over loopback, ours (connectWebSocket +
// serveWebSocket) beside @moq/qmux used directly the way @moq/net uses it (new Session(url) over the global
// WebSocket, default buffers; server Session.accept on `ws`).
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Session, { selectSubprotocol } from "@moq/qmux";
import { WebSocket, WebSocketServer } from "ws";
import type { BidiStream, SendStream } from "../src/transport/types.js";
import { connectWebSocket } from "../src/transport/websocket/client.js";
import { ensurePromiseWithResolvers } from "../src/transport/websocket/polyfill.js";
import { serveWebSocket } from "../src/transport/websocket/server.js";
import { fmt, printTable } from "./measure.js";

/** The slice of a session the measurements use; both ours and a bare @moq/qmux Session have it. */
interface Peer {
	readonly incomingBidirectionalStreams: ReadableStream<unknown>;
	readonly incomingUnidirectionalStreams: ReadableStream<ReadableStream<Uint8Array>>;
	createBidirectionalStream(): Promise<unknown>;
	createUnidirectionalStream(): Promise<WritableStream<Uint8Array>>;
	close(): void;
}

interface Pair {
	client: Peer;
	server: Peer;
	stop(): Promise<void>;
}

const BULK_MB = Number(process.env.BENCH_TRANSPORT_MB ?? 100);
const CHUNK = 64 * 1024;
const ROUND_TRIPS = 2000;

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

async function oursPair(): Promise<Pair> {
	const http = createServer();
	let accepted!: (p: Peer) => void;
	const server = new Promise<Peer>((r) => (accepted = r));
	const handle = serveWebSocket(http, { onSession: (t) => accepted(t) });
	const port = await listen(http);
	const client = await connectWebSocket(`http://127.0.0.1:${port}/`);
	return { client, server: await server, stop: stopper(http, () => handle.close()) };
}

async function qmuxPair(): Promise<Pair> {
	const options = { protocols: ["moq-lite-05"], versions: { "moq-lite-05": null } };
	const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => selectSubprotocol([...offered], options) ?? false });
	const http = createServer();
	let accepted!: (p: Peer) => void;
	const server = new Promise<Peer>((r) => (accepted = r));
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
	return { client: client as unknown as Peer, server: await server, stop };
}

async function first<T>(stream: ReadableStream<T>): Promise<T> {
	const reader = stream.getReader();
	const { value } = await reader.read();
	reader.releaseLock();
	return value!;
}

/** One uni stream client → server, fresh 64 KiB chunks, SHA-256 checked; returns MB/s. */
async function bulk(pair: Pair): Promise<number> {
	const total = BULK_MB * 1024 * 1024;
	const received = (async () => {
		const hash = createHash("sha256");
		for await (const c of await first(pair.server.incomingUnidirectionalStreams)) hash.update(c);
		return hash.digest("hex");
	})();
	const sent = createHash("sha256");
	const start = performance.now();
	const w = (await pair.client.createUnidirectionalStream()).getWriter();
	for (let off = 0; off < total; off += CHUNK) {
		const data = new Uint8Array(CHUNK);
		data[0] = off >>> 16;
		sent.update(data);
		await w.write(data);
	}
	await w.close();
	if ((await received) !== sent.digest("hex")) throw new Error("bulk transfer corrupted");
	return BULK_MB / ((performance.now() - start) / 1000);
}

function median(xs: number[]): number {
	return [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
}

/** The server echoes every incoming bidi stream back to its sender. */
function echo(server: Peer): void {
	void (async () => {
		for await (const s of server.incomingBidirectionalStreams as ReadableStream<BidiStream>) {
			void s.readable.pipeTo(s.writable as SendStream).catch(() => {});
		}
	})().catch(() => {});
}

/** 16-byte ping-pongs on one bidi stream; returns the median round trip in ms. */
async function rttOneStream(pair: Pair): Promise<number> {
	const s = (await pair.client.createBidirectionalStream()) as BidiStream;
	const w = s.writable.getWriter();
	const r = s.readable.getReader();
	const times: number[] = [];
	for (let i = 0; i < ROUND_TRIPS; i++) {
		const start = performance.now();
		await w.write(new Uint8Array(16));
		for (let got = 0; got < 16; ) got += (await r.read()).value!.byteLength;
		times.push(performance.now() - start);
	}
	await w.close();
	return median(times);
}

/** A new bidi stream per 16-byte request/response (FIN both ways), as moq-lite requests go; median ms. */
async function rttNewStream(pair: Pair): Promise<number> {
	const times: number[] = [];
	for (let i = 0; i < ROUND_TRIPS / 4; i++) {
		const start = performance.now();
		const s = (await pair.client.createBidirectionalStream()) as BidiStream;
		const w = s.writable.getWriter();
		await w.write(new Uint8Array(16));
		await w.close();
		for await (const _ of s.readable);
		times.push(performance.now() - start);
	}
	return median(times);
}

export default async function main(): Promise<void> {
	ensurePromiseWithResolvers();
	const pairs = [
		["moqwire WebSocket transport", await oursPair()],
		["@moq/qmux direct (as @moq/net)", await qmuxPair()],
	] as const;
	const results = new Map<string, { bulk: number[]; one: number[]; fresh: number[] }>();
	for (const [name, pair] of pairs) {
		echo(pair.server);
		results.set(name, { bulk: [], one: [], fresh: [] });
	}
	// Interleaved rounds, the first discarded as warm-up, so neither side gets the JIT's or the machine's better moment.
	for (let round = 0; round < 4; round++) {
		for (const [name, pair] of pairs) {
			const r = results.get(name)!;
			const bulkRate = await bulk(pair);
			const one = await rttOneStream(pair);
			const fresh = await rttNewStream(pair);
			if (round === 0) continue;
			r.bulk.push(bulkRate);
			r.one.push(one);
			r.fresh.push(fresh);
		}
	}
	for (const [, pair] of pairs) {
		pair.client.close();
		await pair.stop();
	}
	console.log(`${BULK_MB} MB bulk on one uni stream, SHA-256 checked; 16-byte round trips (${ROUND_TRIPS} on one bidi`);
	console.log(`stream, ${ROUND_TRIPS / 4} with a new bidi stream each); medians of 3 interleaved rounds; loopback, one process\n`);
	printTable(
		["transport", "bulk MB/s", "RTT one stream", "RTT stream per request"],
		pairs.map(([name]) => {
			const r = results.get(name)!;
			return [name, fmt(median(r.bulk)), `${median(r.one).toFixed(3)} ms`, `${median(r.fresh).toFixed(3)} ms`];
		}),
	);
}
