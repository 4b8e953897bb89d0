// The reference has no frame codec class: its publisher and subscriber write and read frames inline. So here the
// reference runs as a real session through its public API (lite.Connection, Broadcast/Track/Group producers and
// consumers) over its own in-memory WebTransport pair (`mock.js`), and the other end of the pair is driven by hand
// with OUR codec. We compare the bytes the reference's publisher actually writes with ours, and check that the
// reference's subscriber reads what our encoder writes (GROUP streams and FETCH replies, lite-05; GROUP on 04).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import * as Ours from "../../src/codec/index.js";
import { type Frame, type GroupHeader, Version } from "../../src/codec/types.js";
import * as Broadcast from "../../node_modules/@moq/net/broadcast.js";
import { Connection } from "../../node_modules/@moq/net/lite/connection.js";
import { createMockTransportPair } from "../../node_modules/@moq/net/mock.js";
import type { Valid } from "../../node_modules/@moq/net/path.js";
import { Timescale, Timestamp } from "../../node_modules/@moq/net/time.js";
import { framesArb } from "../codec/arbitraries.js";
import { concat, hex, sameBytes } from "./reference-codec.js";
import { framesForRefModel } from "./reference-domain.js";

const GROUPS = 200;
const FETCHES = 50;
const TIMESCALE = 90_000;

// The reference logs every subscribe, publish and fetch.
const quiet = ["debug", "info", "log", "warn"] as const;
beforeAll(() => {
	for (const m of quiet) vi.spyOn(console, m).mockImplementation(() => undefined);
});
afterAll(() => vi.restoreAllMocks());

/** Reads a raw stream into our Decoder until `take` yields something. */
class Incoming {
	readonly decoder = new Ours.Decoder();
	readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
	constructor(readable: ReadableStream<Uint8Array>) {
		this.#reader = readable.getReader();
	}
	async next<T>(take: (d: Ours.Decoder) => T | undefined): Promise<T> {
		for (;;) {
			const got = take(this.decoder);
			if (got !== undefined) return got;
			const { value, done } = await this.#reader.read();
			if (done) throw new Error("FIN before the expected message");
			this.decoder.push(value);
		}
	}
	/** Everything until FIN, as raw bytes (bypassing the decoder). */
	async rest(): Promise<Uint8Array> {
		const chunks: Uint8Array[] = [];
		for (;;) {
			const { value, done } = await this.#reader.read();
			if (done) return concat(chunks);
			chunks.push(value);
		}
	}
}

async function readAll(readable: ReadableStream<Uint8Array>): Promise<Uint8Array> {
	return new Incoming(readable).rest();
}

async function writeAll(writable: WritableStream<Uint8Array>, chunks: readonly Uint8Array[]): Promise<void> {
	const w = writable.getWriter();
	for (const c of chunks) await w.write(c);
	await w.close();
}

/** Splits bytes into chunks of 1..max bytes, pseudo-randomly but reproducibly. */
function chunked(bytes: Uint8Array, seed: number, max = 1500): Uint8Array[] {
	const out: Uint8Array[] = [];
	let s = seed >>> 0 || 1;
	for (let o = 0; o < bytes.byteLength; ) {
		s = (Math.imul(s, 1103515245) + 12345) >>> 0;
		const n = 1 + (s % max);
		out.push(bytes.subarray(o, o + n));
		o += n;
	}
	return out;
}

function oursGroupStream(header: GroupHeader, frames: readonly Frame[], v: Version): Uint8Array {
	const fe = new Ours.FrameEncoder(v);
	return concat([Ours.encodeVarint(0), Ours.encodeGroupHeader(header, v), ...frames.flatMap((f) => [fe.header(f.timestamp, f.payload.byteLength), f.payload])]);
}

function oursFetchReply(frames: readonly Frame[]): Uint8Array {
	const fe = new Ours.FrameEncoder(Version.Lite05);
	return concat(frames.flatMap((f) => [fe.header(f.timestamp!, f.payload.byteLength), f.payload]));
}

const vname = (v: Version) => `lite-0${v & 0xff}`;
const alpn = (v: Version) => `moq-lite-0${v & 0xff}`;

describe("reference session (public API over its mock transport) vs our codec", () => {
	for (const v of [Version.Lite04, Version.Lite05]) {
		test(`[${vname(v)}] the reference publisher writes our bytes: ${GROUPS} random GROUP streams${v === Version.Lite05 ? `, ${FETCHES} FETCH replies` : ""}`, async () => {
			const groups = fc.sample(framesArb(v), { numRuns: GROUPS, seed: 42 }).map(framesForRefModel);
			const { client, server } = createMockTransportPair(alpn(v));
			const conn = new Connection({ url: new URL("https://relay.test/"), quic: server as unknown as WebTransport, version: v as never });
			try {
				const broadcast = new Broadcast.Producer();
				const track = broadcast.createTrack("video", { timescale: Timescale(TIMESCALE) });
				conn.publish("room" as Valid, broadcast);

				// Every uni stream the reference opens towards us, as raw bytes.
				const uni: Promise<Uint8Array>[] = [];
				const drain = (async () => {
					const r = client.incomingUnidirectionalStreams.getReader();
					for (;;) {
						const { value, done } = await r.read();
						if (done) return;
						uni.push(readAll(value));
					}
				})();

				if (v === Version.Lite05) {
					const t = await client.createBidirectionalStream();
					await writeAll(t.writable, [Ours.encodeVarint(6), Ours.encodeTrackRequest({ broadcast: "room", track: "video" }, v)]);
					const info = await new Incoming(t.readable).next((d) => d.message("trackInfo", v));
					expect(info).toEqual({ priority: 0, ordered: false, latencyMax: 5000, timescale: TIMESCALE });
				}
				const sub = await client.createBidirectionalStream();
				const subWriter = sub.writable.getWriter();
				await subWriter.write(concat([Ours.encodeVarint(2), Ours.encodeSubscribe({ id: 0, broadcast: "room", track: "video", priority: 1, ordered: true, maxLatency: 0, startGroup: 0 }, v)]));
				const responses = new Incoming(sub.readable);
				if (v !== Version.Lite05) {
					// 03/04: the publisher acknowledges first.
					expect((await responses.next((d) => d.message("subscribeResponse", v))).type).toBe("ok");
				}

				for (const frames of groups) {
					const g = track.appendGroup();
					for (const f of frames) g.writeFrame({ payload: f.payload, timestamp: new Timestamp(f.timestamp ?? 0, Timescale(TIMESCALE)) });
					g.close();
				}
				if (v === Version.Lite05) expect(await responses.next((d) => d.message("subscribeResponse", v))).toEqual({ type: "start", group: 0 });

				// Wait until every group stream has arrived (plus the SETUP stream on 05).
				const expected = GROUPS + (v === Version.Lite05 ? 1 : 0);
				for (let i = 0; i < 500 && uni.length < expected; i++) await new Promise((r) => setTimeout(r, 5));
				const streams = await Promise.all(uni);
				const bySequence = new Map<number, Uint8Array>();
				for (const s of streams) {
					if (s[0] === 1) continue; // the reference's SETUP stream (05)
					const d = new Ours.Decoder();
					d.push(s);
					expect(d.varint()).toBe(0);
					const header = d.message("group", v)!;
					bySequence.set(Number(header.sequence), s);
				}
				expect(bySequence.size).toBe(GROUPS);
				groups.forEach((frames, seq) => {
					const ours = oursGroupStream({ subscribeId: 0, sequence: seq }, frames, v);
					const theirs = bySequence.get(seq)!;
					if (!sameBytes(ours, theirs)) expect(hex(theirs)).toBe(hex(ours));
				});

				if (v === Version.Lite05) {
					for (let seq = 0; seq < FETCHES; seq++) {
						const f = await client.createBidirectionalStream();
						await writeAll(f.writable, [Ours.encodeVarint(3), Ours.encodeFetch({ broadcast: "room", track: "video", priority: 0, group: seq }, v)]);
						const theirs = await readAll(f.readable);
						const ours = oursFetchReply(groups[seq]!);
						if (!sameBytes(ours, theirs)) expect(hex(theirs)).toBe(hex(ours));
					}
				}
				await subWriter.close();
				void drain;
			} finally {
				conn.close();
			}
		});
	}

	test(`[lite-05] the reference subscriber reads our bytes: ${GROUPS} random GROUP streams in random chunks, ${FETCHES} FETCH replies`, async () => {
		const v = Version.Lite05;
		const groups = fc.sample(framesArb(v), { numRuns: GROUPS, seed: 7 }).map(framesForRefModel);
		const { client, server } = createMockTransportPair(alpn(v));
		const conn = new Connection({ url: new URL("https://relay.test/"), quic: client as unknown as WebTransport, version: v as never });
		let subscribeId: Ours.U62 | undefined;
		let onSubscribe = () => {};
		const subscribed = new Promise<void>((resolve) => (onSubscribe = resolve));
		const requests: string[] = [];

		// Our side: answer TRACK, SUBSCRIBE and FETCH with our encoder.
		const serve = (async () => {
			const r = server.incomingBidirectionalStreams.getReader();
			for (;;) {
				const { value, done } = await r.read();
				if (done) return;
				void (async () => {
					const input = new Incoming(value.readable);
					const type = await input.next((d) => d.varint());
					if (type === 6) {
						const t = await input.next((d) => d.message("track", v));
						requests.push(`TRACK ${t.broadcast} ${t.track}`);
						await writeAll(value.writable, [Ours.encodeTrackInfo({ priority: 3, ordered: true, latencyMax: 2000, timescale: TIMESCALE }, v)]);
					} else if (type === 2) {
						const s = await input.next((d) => d.message("subscribe", v));
						requests.push(`SUBSCRIBE ${s.broadcast} ${s.track}`);
						subscribeId = s.id;
						onSubscribe();
					} else if (type === 3) {
						const f = await input.next((d) => d.message("fetch", v));
						requests.push(`FETCH ${f.broadcast} ${f.track} ${f.group}`);
						await writeAll(value.writable, chunked(oursFetchReply(groups[Number(f.group)]!), Number(f.group) + 1));
					}
				})();
			}
		})();

		try {
			const consumer = conn.consume("room" as Valid);
			const sub = consumer.subscribe("video");
			await subscribed;
			expect(requests).toEqual(["TRACK room video", "SUBSCRIBE room video"]);
			for (let seq = 0; seq < GROUPS; seq++) {
				const frames = groups[seq]!;
				const stream = await server.createUnidirectionalStream();
				await writeAll(stream, chunked(oursGroupStream({ subscribeId: subscribeId!, sequence: seq }, frames, v), seq + 1));
				const g = await sub.recvGroup();
				expect(g?.sequence).toBe(seq);
				const got: { timestamp: number; payload: string }[] = [];
				for (let f = await g!.readFrame(); f; f = await g!.readFrame()) {
					expect(f.timestamp.scale).toBe(TIMESCALE);
					got.push({ timestamp: f.timestamp.value, payload: hex(f.payload) });
				}
				expect(got).toEqual(frames.map((f) => ({ timestamp: f.timestamp, payload: hex(f.payload) })));
			}
			for (let seq = 0; seq < FETCHES; seq++) {
				const g = await consumer.fetchGroup("video", seq);
				const got: { timestamp: number; payload: string }[] = [];
				for (let f = await g.readFrame(); f; f = await g.readFrame()) got.push({ timestamp: f.timestamp.value, payload: hex(f.payload) });
				expect(got).toEqual(groups[seq]!.map((f) => ({ timestamp: f.timestamp, payload: hex(f.payload) })));
			}
			expect(requests.filter((r) => r.startsWith("FETCH")).length).toBe(FETCHES);
			expect(requests).toContain(`FETCH room video ${FETCHES - 1}`);
			void serve;
		} finally {
			conn.close();
		}
	});
});
