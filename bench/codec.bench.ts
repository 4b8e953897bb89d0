// Codec throughput, ours vs the reference (`@moq/net` 0.3.4), side by side in one run (issue 2, "Proof").
// Control messages: encode, decode of ~1k messages arriving in one chunk, and one message per chunk.
// GROUP+FRAME streams: decode a whole group stream delivered in 16 KB and 1200 B chunks; encode header + frames.
//
// The reference is measured the fastest fair way its API allows: prebuilt message objects and their own
// `encode(writer)` onto a Writer over a no-op WritableStream; `decode(reader)` from a Reader in buffer mode for the
// one-chunk batch, or a Reader over a ReadableStream of the same chunks; frames read and written with its
// Reader/Writer primitives exactly as its subscriber/publisher loops do. Before timing, both sides' bytes are
// checked equal, so the two columns do the same work.
import "./setup.js";
import { fmt, opsPerSecond, printTable } from "./measure.js";
import * as Ours from "../src/codec/index.js";
import { type Frame, type GroupHeader, Version } from "../src/codec/types.js";
import {
	type KindMap,
	Reader,
	Writer,
	bytesReader,
	chunkedReader,
	concat,
	encodeGroupStreamRef,
	encodeRef,
	frameWriteRef,
	hex,
	refDecoder,
	refEncoder,
	readFramesRef,
} from "../test/interop/reference-codec.js";
import { rng } from "../test/fuzz/mutate.js";

const V = Version.Lite05;

/** A fixed seed makes every run bench the same messages (floats in [0, 1)). */
function prng(seed: number): () => number {
	const next = rng(seed);
	return () => next() / 4294967296;
}

type ControlKind = "subscribe" | "announce" | "trackInfo" | "subscribeUpdate";
const N = 1000;
const TRACKS = ["video", "audio", "catalog.json", "video/hd", "chat"];

/** Realistic control messages: short paths, small ids, occasional bounds. */
function controlMessages(kind: ControlKind): KindMap[ControlKind][] {
	const rnd = prng(0xc0dec + kind.length);
	const int = (n: number) => Math.floor(rnd() * n);
	const out: KindMap[ControlKind][] = [];
	for (let i = 0; i < N; i++) {
		const broadcast = `room-${int(500)}/user-${int(40)}`;
		switch (kind) {
			case "subscribe":
				out.push({
					id: i,
					broadcast,
					track: TRACKS[int(TRACKS.length)]!,
					priority: int(256),
					ordered: rnd() < 0.5,
					maxLatency: int(10_000),
					...(rnd() < 0.3 ? { startGroup: int(100_000) } : {}),
					...(rnd() < 0.1 ? { endGroup: 100_000 + int(100_000) } : {}),
				});
				break;
			case "announce":
				out.push({ status: rnd() < 0.9 ? 1 : 0, suffix: broadcast, hops: [] });
				if ((out[i] as KindMap["announce"]).status === 1) {
					(out[i] as KindMap["announce"]).hops = Array.from({ length: 1 + int(3) }, () => Math.floor(rnd() * 2 ** 53));
				}
				break;
			case "trackInfo":
				out.push({ priority: int(256), ordered: rnd() < 0.5, latencyMax: 1000 + int(30_000), timescale: rnd() < 0.5 ? 1000 : 90_000 });
				break;
			case "subscribeUpdate":
				out.push({ priority: int(256), ordered: rnd() < 0.5, maxLatency: int(10_000), ...(rnd() < 0.3 ? { startGroup: int(100_000) } : {}) });
				break;
		}
	}
	return out;
}

function oursEncode(kind: ControlKind, m: KindMap[ControlKind]): Uint8Array {
	switch (kind) {
		case "subscribe":
			return Ours.encodeSubscribe(m as KindMap["subscribe"], V);
		case "announce":
			return Ours.encodeAnnounce(m as KindMap["announce"], V);
		case "trackInfo":
			return Ours.encodeTrackInfo(m as KindMap["trackInfo"], V);
		case "subscribeUpdate":
			return Ours.encodeSubscribeUpdate(m as KindMap["subscribeUpdate"], V);
	}
}

/** A Writer that drops bytes: the reference pays only its own encode path. */
function nullWriter(): Writer {
	return new Writer(new WritableStream<Uint8Array>({ write() {} }));
}

/** Splits bytes into chunks of `size` (views, no copies). */
function split(bytes: Uint8Array, size: number): Uint8Array[] {
	const out: Uint8Array[] = [];
	for (let o = 0; o < bytes.byteLength; o += size) out.push(bytes.subarray(o, Math.min(o + size, bytes.byteLength)));
	return out;
}

function check(cond: boolean, what: string): void {
	if (!cond) throw new Error(`bench sanity check failed: ${what}`);
}

interface Row {
	name: string;
	op: string;
	ops: number;
	bytes: number;
	ours: () => unknown;
	ref: () => Promise<unknown>;
}

async function controlRows(kind: ControlKind): Promise<Row[]> {
	const msgs = controlMessages(kind);
	const encoded = msgs.map((m) => oursEncode(kind, m));
	const refEncoders = msgs.map((m) => refEncoder(kind, m, V));
	// Same work on both sides: the reference writes exactly our bytes.
	const refBytes = await Promise.all(msgs.map((m) => encodeRef(kind, m, V)));
	for (let i = 0; i < N; i++) check(hex(encoded[i]!) === hex(refBytes[i]!), `${kind} #${i} bytes differ`);
	const all = concat(encoded);
	const total = all.byteLength;
	const refDecode = refDecoder(kind, V);

	return [
		{
			name: kind,
			op: "encode",
			ops: N,
			bytes: total,
			ours: () => {
				for (const m of msgs) oursEncode(kind, m);
			},
			ref: async () => {
				const w = nullWriter();
				for (const e of refEncoders) await e(w);
			},
		},
		{
			name: kind,
			op: "decode 1k in 1 chunk",
			ops: N,
			bytes: total,
			ours: () => {
				const d = new Ours.Decoder();
				d.push(all);
				const got = d.messages(kind, V);
				if (got.length !== N) throw new Error("short batch");
			},
			ref: async () => {
				const r = bytesReader(all);
				let n = 0;
				while (!(await r.done())) {
					await refDecode(r);
					n++;
				}
				if (n !== N) throw new Error("short batch");
			},
		},
		{
			name: kind,
			op: "decode 1 msg/chunk",
			ops: N,
			bytes: total,
			ours: () => {
				const d = new Ours.Decoder();
				for (const c of encoded) {
					d.push(c);
					if (d.message(kind, V) === undefined) throw new Error("partial");
				}
			},
			ref: async () => {
				const r = chunkedReader(encoded);
				for (let i = 0; i < N; i++) await refDecode(r);
			},
		},
	];
}

/** A group stream of `count` frames of `size` bytes, 90 kHz timestamps at ~30 fps with jitter both ways. */
function groupStream(size: number, count: number): { header: GroupHeader; frames: Frame[] } {
	const rnd = prng(size);
	const frames: Frame[] = [];
	let ts = 90_000 * 3600;
	for (let i = 0; i < count; i++) {
		ts += 3000 + Math.floor(rnd() * 200) - 100;
		const payload = new Uint8Array(size);
		for (let j = 0; j < size; j += 61) payload[j] = j & 0xff;
		frames.push({ timestamp: ts, payload });
	}
	return { header: { subscribeId: 7, sequence: 12_345 }, frames };
}

async function frameRows(size: number, count: number): Promise<Row[]> {
	const { header, frames } = groupStream(size, count);
	const stream = await encodeGroupStreamRef(header, frames, V);
	// Ours must produce the same stream: type, GROUP header, then frame headers + payloads.
	const ourChunks: Uint8Array[] = [Ours.encodeVarint(0), Ours.encodeGroupHeader(header, V)];
	const fe = new Ours.FrameEncoder(V);
	for (const f of frames) ourChunks.push(fe.header(f.timestamp!, f.payload.byteLength), f.payload);
	check(hex(concat(ourChunks)) === hex(stream), `group ${size} B: stream bytes differ`);
	const name = `group ${size >= 1024 ? `${size / 1024} KB` : `${size} B`} frames`;
	const rows: Row[] = [];
	for (const chunk of [16 * 1024, 1200]) {
		const chunks = split(stream, chunk);
		rows.push({
			name,
			op: `decode, ${chunk === 1200 ? "1200 B" : "16 KB"} chunks`,
			ops: count,
			bytes: stream.byteLength,
			ours: () => {
				const d = new Ours.Decoder();
				let header: unknown;
				let n = 0;
				let typed = false;
				for (const c of chunks) {
					d.push(c);
					if (!typed) {
						if (d.varint() === undefined) continue;
						typed = true;
					}
					if (header === undefined) {
						header = d.message("group", V);
						if (header === undefined) continue;
					}
					for (const _ of d.frames(V)) n++;
				}
				d.finish();
				if (n !== count) throw new Error(`decoded ${n} of ${count} frames`);
			},
			ref: async () => {
				const r: Reader = chunkedReader(chunks);
				await r.u53();
				await refDecoder("group", V)(r);
				const got = await readFramesRef(r, V);
				if (got.length !== count) throw new Error("short group");
			},
		});
	}
	rows.push({
		name,
		op: "encode header+frames",
		ops: count,
		bytes: stream.byteLength,
		ours: () => {
			// Header bytes from the codec; payloads handed on as-is (what a transport write receives).
			const out: Uint8Array[] = [Ours.encodeVarint(0), Ours.encodeGroupHeader(header, V)];
			const enc = new Ours.FrameEncoder(V);
			for (const f of frames) out.push(enc.header(f.timestamp!, f.payload.byteLength), f.payload);
			return out;
		},
		ref: async () => {
			const w = nullWriter();
			await w.u53(0);
			await refEncoder("group", header, V)(w);
			let prev = 0n;
			for (const f of frames) {
				const ts = BigInt(f.timestamp!);
				await frameWriteRef(w, V, f.payload, ts - prev);
				prev = ts;
			}
		},
	});
	return rows;
}

export default async function main(): Promise<void> {
	const rows: Row[] = [];
	for (const kind of ["subscribe", "announce", "trackInfo", "subscribeUpdate"] as const) rows.push(...(await controlRows(kind)));
	rows.push(...(await frameRows(1, 10_000)));
	rows.push(...(await frameRows(1024, 1000)));
	rows.push(...(await frameRows(64 * 1024, 32)));

	const table: string[][] = [];
	for (const r of rows) {
		const ours = await opsPerSecond(r.ours, r.ops);
		const ref = await opsPerSecond(r.ref, r.ops);
		const mb = (rate: number) => ((rate / r.ops) * r.bytes) / 1e6;
		table.push([r.name, r.op, fmt(ours), fmt(ref), mb(ours).toFixed(1), mb(ref).toFixed(1), `${(ours / ref).toFixed(2)}×`]);
	}
	console.log(`moq-lite-05, Node ${process.versions.node}. msg/s counts messages (control) or frames (group streams); MB/s counts`);
	console.log("wire bytes, payloads included (our frame encode hands payloads on uncopied, so its MB/s is not a copy rate).\n");
	printTable(["case", "op", "ours msg/s", "ref msg/s", "ours MB/s", "ref MB/s", "ours/ref"], table);
}
