// Node QUIC transports: bulk MB/s and small-message round trips over loopback UDP, our HTTP/3 WebTransport and raw
// QUIC (both on @matrixai/quic), and @moq/web-transport where its binary loads. BENCH_QUIC_MB sets the bulk size
// (default 100); one bulk run per transport (it is slow), round trips as medians of 3 interleaved rounds.
import { createHash } from "node:crypto";
import { connectQuic } from "../src/transport/quic/client.js";
import { quicProvider } from "../src/transport/quic/provider.js";
import { serveQuic } from "../src/transport/quic/server.js";
import type { BidiStream, Transport } from "../src/transport/types.js";
import { fmt, printTable } from "./measure.js";

const BULK_MB = Number(process.env.BENCH_QUIC_MB ?? 100);
const CHUNK = 64 * 1024;
const ROUND_TRIPS = 500;

interface Pair {
	client: Transport;
	server: Transport;
	stop(): Promise<void>;
}

async function ourPair(mode: "webtransport" | "raw"): Promise<Pair> {
	let accepted!: (t: Transport) => void;
	const server = new Promise<Transport>((r) => (accepted = r));
	const handle = await serveQuic({ onSession: (t) => accepted(t) });
	const url = mode === "raw" ? `moql://127.0.0.1:${handle.port}` : `https://127.0.0.1:${handle.port}/`;
	const client = await connectQuic(url, { serverCertificateHashes: [handle.certificateHash] });
	return { client, server: await server, stop: () => handle.close() };
}

async function addonPair(): Promise<Pair | undefined> {
	const provider = quicProvider({ log: (m) => console.log(m) });
	if (provider.name !== "@moq/web-transport") return undefined;
	let accepted!: (t: Transport) => void;
	const server = new Promise<Transport>((r) => (accepted = r));
	const handle = await provider.serve({ raw: false, onSession: (t) => accepted(t) });
	const client = await provider.connect(`https://127.0.0.1:${handle.port}/`, { serverCertificateHashes: [handle.certificateHash] });
	return { client, server: await server, stop: () => handle.close() };
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
	return (total / 1e6) / ((performance.now() - start) / 1000);
}

function median(xs: number[]): number {
	return [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
}

function echo(server: Transport): void {
	void (async () => {
		for await (const s of server.incomingBidirectionalStreams) void s.readable.pipeTo(s.writable).catch(() => {});
	})().catch(() => {});
}

/** 16-byte ping-pongs on one bidi stream; median ms. */
async function rttOneStream(pair: Pair): Promise<number> {
	const s: BidiStream = await pair.client.createBidirectionalStream();
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
		const s = await pair.client.createBidirectionalStream();
		const w = s.writable.getWriter();
		await w.write(new Uint8Array(16));
		await w.close();
		for await (const _ of s.readable);
		times.push(performance.now() - start);
	}
	return median(times);
}

export default async function main(): Promise<void> {
	const pairs: [string, Pair][] = [
		["moqwire WebTransport/HTTP3 (@matrixai/quic)", await ourPair("webtransport")],
		["moqwire raw QUIC moq-lite-05 (@matrixai/quic)", await ourPair("raw")],
	];
	const fast = await addonPair();
	if (fast) pairs.push(["@moq/web-transport (quinn)", fast]);
	const results = new Map<string, { bulk: number; one: number[]; fresh: number[] }>();
	for (const [name, pair] of pairs) {
		echo(pair.server);
		results.set(name, { bulk: await bulk(pair), one: [], fresh: [] });
	}
	for (let round = 0; round < 4; round++) {
		for (const [name, pair] of pairs) {
			const r = results.get(name)!;
			const one = await rttOneStream(pair);
			const fresh = await rttNewStream(pair);
			if (round === 0) continue; // warm-up
			r.one.push(one);
			r.fresh.push(fresh);
		}
	}
	for (const [, pair] of pairs) {
		pair.client.close();
		await pair.stop();
	}
	console.log(`${BULK_MB} MiB bulk on one uni stream, SHA-256 checked; 16-byte round trips (${ROUND_TRIPS} on one bidi`);
	console.log(`stream, ${ROUND_TRIPS / 4} with a new bidi stream each), medians of 3 interleaved rounds; loopback UDP, one process\n`);
	printTable(
		["transport", "bulk MB/s", "RTT one stream", "RTT stream per request"],
		pairs.map(([name]) => {
			const r = results.get(name)!;
			return [name, fmt(r.bulk), `${median(r.one).toFixed(3)} ms`, `${median(r.fresh).toFixed(3)} ms`];
		}),
	);
}
