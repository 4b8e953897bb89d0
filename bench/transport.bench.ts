// Every transport side by side: bulk MB/s (one uni stream, SHA-256 checked) and 16-byte round trips on one bidi
// stream and with a new bidi stream per request, over loopback in one process. BENCH_TRANSPORT_MB sets the bulk
// size (default 100 MB; QUIC on @matrixai/quic runs at a few MB/s, so expect ~20 s per QUIC bulk run).
import { createHash } from "node:crypto";
import type { BidiStream, SendStream } from "../src/transport/types.js";
import { ensurePromiseWithResolvers } from "../src/transport/websocket/polyfill.js";
import { fmt, printTable } from "./measure.js";
import { addonPair, type Pair, type Peer, qmuxPair, quicPair, webSocketPair } from "./transport-pairs.js";

const BULK_MB = Number(process.env.BENCH_TRANSPORT_MB ?? 100);
const CHUNK = 64 * 1024;
const ROUND_TRIPS = 500;

async function first<T>(stream: ReadableStream<T>): Promise<T> {
	const reader = stream.getReader();
	const { value } = await reader.read();
	reader.releaseLock();
	return value!;
}

/** One uni stream client → server, fresh 64 KiB chunks (never reused after the hand-off); returns MB/s. */
async function bulk(pair: Pair): Promise<number> {
	const total = BULK_MB * 1e6;
	const received = (async () => {
		const hash = createHash("sha256");
		for await (const c of await first(pair.server.incomingUnidirectionalStreams)) hash.update(c);
		return hash.digest("hex");
	})();
	const sent = createHash("sha256");
	const start = performance.now();
	const w = (await pair.client.createUnidirectionalStream()).getWriter();
	for (let off = 0; off < total; off += CHUNK) {
		const data = new Uint8Array(Math.min(CHUNK, total - off));
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

/** 16-byte ping-pongs on one bidi stream; the median round trip in ms. */
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
	const pairs: [string, Pair][] = [
		["moqwire WebSocket (QMux)", await webSocketPair()],
		["@moq/qmux direct (as @moq/net)", await qmuxPair()],
		["moqwire WebTransport/HTTP3 (@matrixai/quic)", await quicPair("webtransport")],
		["moqwire raw QUIC moq-lite-05 (@matrixai/quic)", await quicPair("raw")],
	];
	const addon = await addonPair();
	if (addon) pairs.push(["@moq/web-transport (quinn)", addon]);
	const results = new Map<string, { bulk: number; one: number[]; fresh: number[] }>();
	for (const [name, pair] of pairs) {
		echo(pair.server);
		results.set(name, { bulk: await bulk(pair), one: [], fresh: [] });
	}
	// Interleaved round-trip rounds, the first discarded as warm-up, so no transport gets the machine's better moment.
	for (let round = 0; round < 4; round++) {
		for (const [name, pair] of pairs) {
			const r = results.get(name)!;
			const one = await rttOneStream(pair);
			const fresh = await rttNewStream(pair);
			if (round === 0) continue;
			r.one.push(one);
			r.fresh.push(fresh);
		}
	}
	for (const [, pair] of pairs) {
		pair.client.close();
		await pair.stop();
	}
	console.log(`${BULK_MB} MB bulk on one uni stream, SHA-256 checked; 16-byte round trips (${ROUND_TRIPS} on one bidi`);
	console.log(`stream, ${ROUND_TRIPS / 4} with a new bidi stream each), medians of 3 interleaved rounds; loopback, one process\n`);
	printTable(
		["transport", "bulk MB/s", "RTT one stream", "RTT stream per request"],
		pairs.map(([name]) => {
			const r = results.get(name)!;
			return [name, fmt(r.bulk), `${median(r.one).toFixed(3)} ms`, `${median(r.fresh).toFixed(3)} ms`];
		}),
	);
}
