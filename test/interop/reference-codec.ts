// Adapters that drive the reference JS implementation (`@moq/net` 0.3.4, devDependency) with OUR plain message
// shapes (src/codec/types.ts): encode through its wire classes and return the exact bytes; decode bytes through
// its wire classes and map the result back to our shapes. Tests and benchmarks only.
//
// How the reference is driven: its package `exports` only expose "." and "./zod", but the wire classes live in
// `node_modules/@moq/net/lite/*.js`; we import those files by relative path (types come from the adjacent .d.ts).
// - Control messages: each class's own `encode(writer, version)` / `decode(reader, version)`, with a `Writer`
//   over a collecting WritableStream and a `Reader` over the given bytes (buffer mode) or a ReadableStream of chunks.
// - Frames: the reference has no frame class for lite-03+ (`lite/group.js` `Frame` is the lite-01 length-wrapped
//   form); its publisher (`#runGroup`, `#runFetch`) and subscriber (`runGroup`, `#runFetchResponse`) loops write
//   and read frames inline with `Writer.u62/u53/write` and `Reader.u62/u53/read/done`. `frameWriteRef` and
//   `framesReadRef` replay those loops statement for statement on the same Reader/Writer primitives.
//   Its zigzag helpers are module-private, so the mapping below is written from spec §2.6.
import { type Datagram as DatagramMsg, type Frame, type GroupHeader, type Setup as SetupMsg, type U62, Version } from "../../src/codec/types.js";
import type { MessageMap } from "../../src/codec/kinds.js";
import type {
	Announce,
	AnnounceOk,
	AnnounceRequest,
	Fetch,
	Goaway,
	Probe,
	Subscribe,
	SubscribeResponse,
	SubscribeUpdate,
	TrackInfoMessage,
	TrackRequest,
} from "../../src/codec/types.js";
import type { Origin } from "../../node_modules/@moq/net/origin.js";
import type { Valid } from "../../node_modules/@moq/net/path.js";
import { Reader, Writer } from "../../node_modules/@moq/net/stream.js";
import * as RefAnnounce from "../../node_modules/@moq/net/lite/announce.js";
import { Datagram as RefDatagram } from "../../node_modules/@moq/net/lite/datagram.js";
import { Fetch as RefFetch } from "../../node_modules/@moq/net/lite/fetch.js";
import { Goaway as RefGoaway } from "../../node_modules/@moq/net/lite/goaway.js";
import { Group as RefGroup } from "../../node_modules/@moq/net/lite/group.js";
import { Probe as RefProbe } from "../../node_modules/@moq/net/lite/probe.js";
import { Setup as RefSetup } from "../../node_modules/@moq/net/lite/setup.js";
import * as RefSub from "../../node_modules/@moq/net/lite/subscribe.js";
import { Track as RefTrack, TrackInfo as RefTrackInfo } from "../../node_modules/@moq/net/lite/track.js";
import type { Version as RefVersion } from "../../node_modules/@moq/net/lite/version.js";

export { Reader, Writer };

/** Message kinds the adapters know (control messages; frames and datagrams have their own functions). */
export type Kind =
	| "setup"
	| "announceRequest"
	| "announceOk"
	| "announce"
	| "subscribe"
	| "subscribeUpdate"
	| "subscribeResponse"
	| "track"
	| "trackInfo"
	| "fetch"
	| "group"
	| "probe"
	| "goaway";

/** Our message shape per kind. */
export type KindMap = MessageMap;

export const ALL_VERSIONS: readonly Version[] = [Version.Lite03, Version.Lite04, Version.Lite05];

/** Versions on which the reference's codec accepts each kind (its version guards, spec §1.2 gates). */
export const REF_VERSIONS: Readonly<Record<Kind, readonly Version[]>> = {
	setup: [Version.Lite05],
	announceRequest: ALL_VERSIONS,
	announceOk: [Version.Lite05],
	announce: ALL_VERSIONS,
	subscribe: ALL_VERSIONS,
	subscribeUpdate: ALL_VERSIONS,
	subscribeResponse: ALL_VERSIONS,
	track: [Version.Lite05],
	trackInfo: [Version.Lite05],
	// The reference codec accepts FETCH from 03 (guard rejects only 01/02), though it only sends it on 05+.
	fetch: ALL_VERSIONS,
	group: ALL_VERSIONS,
	probe: ALL_VERSIONS,
	goaway: [Version.Lite04, Version.Lite05],
};

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Our U62 convention: a number up to 2^53-1, an exact bigint above. */
export function u62(v: U62): U62 {
	if (typeof v === "number") return v;
	return v <= MAX_SAFE ? Number(v) : v;
}

const big = (v: U62): bigint => BigInt(v);
const valid = (p: string): Valid => p as Valid;
const origin = (v: U62): Origin => BigInt(v) as Origin;
const ref = (v: Version): RefVersion => v as RefVersion;

/** A Writer whose bytes are collected; copies each chunk because Writer reuses a scratch buffer for varints. */
export function collectingWriter(): { writer: Writer; bytes(): Promise<Uint8Array> } {
	const chunks: Uint8Array[] = [];
	const writer = new Writer(
		new WritableStream<Uint8Array>({
			write(chunk) {
				chunks.push(chunk.slice());
			},
		}),
	);
	return {
		writer,
		async bytes() {
			writer.close();
			await writer.closed;
			return concat(chunks);
		},
	};
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
	let n = 0;
	for (const c of chunks) n += c.byteLength;
	const out = new Uint8Array(n);
	let o = 0;
	for (const c of chunks) {
		out.set(c, o);
		o += c.byteLength;
	}
	return out;
}

/** A Reader over a ReadableStream that delivers `chunks` one at a time, then FIN. */
export function chunkedReader(chunks: readonly Uint8Array[]): Reader {
	let i = 0;
	const stream = new ReadableStream<Uint8Array>({
		pull(controller) {
			if (i < chunks.length) controller.enqueue(chunks[i++]!);
			else controller.close();
		},
	});
	return new Reader(stream);
}

/** A Reader over fixed bytes (the reference's buffer mode: EOF after the bytes). */
export function bytesReader(bytes: Uint8Array): Reader {
	return new Reader(undefined, bytes);
}

// ---------------------------------------------------------------------------------------------------------------
// Encode: our shape -> reference class -> bytes

/** Writes one message of `kind` with the reference onto `w` (exact wire bytes incl. length and type prefix). */
export function writeRef<K extends Kind>(w: Writer, kind: K, msg: KindMap[K], version: Version): Promise<void> {
	return refEncoder(kind, msg, version)(w);
}

/**
 * Builds the reference's message object once and returns its encode call, so benchmarks time only the reference's
 * own encode path (no mapping from our shapes inside the timed loop).
 */
export function refEncoder<K extends Kind>(kind: K, msg: KindMap[K], version: Version): (w: Writer) => Promise<void> {
	const v = ref(version);
	switch (kind) {
		case "setup": {
			const m = msg as SetupMsg;
			const o = new RefSetup({
				probe: m.probe as 0 | 1 | 2 | undefined,
				path: m.path,
				role: m.role as 0 | 1 | 2 | undefined,
				origin: m.origin === undefined ? undefined : origin(m.origin),
			});
			return (w) => o.encode(w, v);
		}
		case "announceRequest": {
			const m = msg as AnnounceRequest;
			const o = new RefAnnounce.AnnounceRequest(valid(m.prefix), big(m.excludeHop));
			return (w) => o.encode(w, v);
		}
		case "announceOk": {
			const m = msg as AnnounceOk;
			const o = new RefAnnounce.AnnounceOk(origin(m.origin), m.activeCount);
			return (w) => o.encode(w, v);
		}
		case "announce": {
			const m = msg as Announce;
			// The reference never encodes status 2 (restart) in the legacy form; it throws for "restart" there.
			const body: RefAnnounce.AnnounceBroadcast =
				m.status === 0
					? { status: "ended", suffix: valid(m.suffix) }
					: m.status === 1
						? { status: "active", suffix: valid(m.suffix), hops: m.hops.map(origin) }
						: { status: "restart", id: 0n, hops: m.hops.map(origin) };
			return (w) => RefAnnounce.encodeAnnounceBroadcast(w, body, v);
		}
		case "subscribe": {
			const m = msg as Subscribe;
			const o = new RefSub.Subscribe({
				id: big(m.id),
				broadcast: valid(m.broadcast),
				track: m.track,
				priority: m.priority,
				ordered: m.ordered,
				maxLatency: m.maxLatency,
				// The reference adds 1 with `+`, so groups must be numbers (its u53 domain).
				startGroup: m.startGroup === undefined ? undefined : Number(m.startGroup),
				endGroup: m.endGroup === undefined ? undefined : Number(m.endGroup),
			});
			return (w) => o.encode(w, v);
		}
		case "subscribeUpdate": {
			const m = msg as SubscribeUpdate;
			const o = new RefSub.SubscribeUpdate({
				priority: m.priority,
				ordered: m.ordered,
				maxLatency: m.maxLatency,
				startGroup: m.startGroup === undefined ? undefined : Number(m.startGroup),
				endGroup: m.endGroup === undefined ? undefined : Number(m.endGroup),
			});
			return (w) => o.encode(w, v);
		}
		case "subscribeResponse": {
			const m = msg as SubscribeResponse;
			let resp: RefSub.SubscribeResponse;
			switch (m.type) {
				case "ok":
					resp = {
						ok: new RefSub.SubscribeOk({
							priority: m.priority,
							ordered: m.ordered,
							maxLatency: m.maxLatency,
							startGroup: m.startGroup === undefined ? undefined : Number(m.startGroup),
							endGroup: m.endGroup === undefined ? undefined : Number(m.endGroup),
						}),
					};
					break;
				case "start":
					resp = { start: new RefSub.SubscribeStart(Number(m.group)) };
					break;
				case "end":
					resp = { end: new RefSub.SubscribeEnd(Number(m.group)) };
					break;
				case "drop":
					resp = { drop: new RefSub.SubscribeDrop({ start: Number(m.start), end: Number(m.end), error: Number(m.error) }) };
					break;
			}
			return (w) => RefSub.encodeSubscribeResponse(w, resp, v);
		}
		case "track": {
			const m = msg as TrackRequest;
			const o = new RefTrack(valid(m.broadcast), m.track);
			return (w) => o.encode(w, v);
		}
		case "trackInfo": {
			const m = msg as TrackInfoMessage;
			const o = new RefTrackInfo({ priority: m.priority, ordered: m.ordered, latencyMax: m.latencyMax, timescale: m.timescale });
			return (w) => o.encode(w, v);
		}
		case "fetch": {
			const m = msg as Fetch;
			const o = new RefFetch(valid(m.broadcast), m.track, m.priority, Number(m.group));
			return (w) => o.encode(w, v);
		}
		case "group": {
			const m = msg as GroupHeader;
			const o = new RefGroup(big(m.subscribeId), Number(m.sequence));
			return (w) => o.encode(w);
		}
		case "probe": {
			const m = msg as Probe;
			// Ours carries 0 for "unknown"; the reference models unknown as undefined (and writes it as 0).
			const o = new RefProbe({ bitrate: m.bitrate === 0 ? undefined : m.bitrate, rtt: m.rtt ? m.rtt : undefined });
			return (w) => o.encode(w, v);
		}
		case "goaway": {
			const m = msg as Goaway;
			const o = new RefGoaway(m.uri);
			return (w) => o.encode(w, v);
		}
	}
	throw new Error(`unknown kind ${String(kind)}`);
}

/** Encodes one message of `kind` with the reference and returns its bytes. */
export async function encodeRef<K extends Kind>(kind: K, msg: KindMap[K], version: Version): Promise<Uint8Array> {
	const c = collectingWriter();
	await writeRef(c.writer, kind, msg, version);
	return c.bytes();
}

// Zigzag as spec §2.6 defines it: (d << 1) XOR (d >> 63), decoded as (u >> 1) XOR -(u & 1).
function zigzag(delta: bigint): bigint {
	return BigInt.asUintN(64, (delta << 1n) ^ (delta >> 63n));
}
function unzigzag(v: bigint): bigint {
	return (v >> 1n) ^ -(v & 1n);
}

/** One frame's wire form, replaying the reference publisher's `#runGroup`/`#runFetch` loop body. */
export async function frameWriteRef(w: Writer, version: Version, payload: Uint8Array, tsDelta: bigint): Promise<void> {
	if (version === Version.Lite05) await w.u62(zigzag(tsDelta));
	await w.u53(payload.byteLength);
	await w.write(payload);
}

/** Frames (absolute timestamps on 05) as the reference publisher writes them, delta baseline 0 per stream. */
export async function writeFramesRef(w: Writer, version: Version, frames: readonly Frame[]): Promise<void> {
	let prev = 0n;
	for (const f of frames) {
		const ts = BigInt(f.timestamp ?? 0);
		await frameWriteRef(w, version, f.payload, ts - prev);
		prev = ts;
	}
}

/** A whole GROUP uni stream (type 0, GROUP header, frames) as the reference publisher writes it. */
export async function encodeGroupStreamRef(header: GroupHeader, frames: readonly Frame[], version: Version): Promise<Uint8Array> {
	const c = collectingWriter();
	await c.writer.u53(0); // stream type, as `#runGroup` writes it
	await writeRef(c.writer, "group", header, version);
	await writeFramesRef(c.writer, version, frames);
	return c.bytes();
}

/** A FETCH reply (bare frames, then FIN) as the reference publisher writes it. */
export async function encodeFetchReplyRef(frames: readonly Frame[]): Promise<Uint8Array> {
	const c = collectingWriter();
	await writeFramesRef(c.writer, Version.Lite05, frames);
	return c.bytes();
}

/** The datagram body as the reference encodes it (no length prefix). */
export function encodeDatagramRef(d: DatagramMsg): Uint8Array {
	return new RefDatagram(big(d.subscribeId), Number(d.sequence), d.timestamp, d.payload).encode();
}

// ---------------------------------------------------------------------------------------------------------------
// Decode: bytes -> reference class -> our shape

/** Reads one message of `kind` with the reference from `r` and maps it to our shape. */
export async function readRef<K extends Kind>(r: Reader, kind: K, version: Version): Promise<KindMap[K]> {
	const v = ref(version);
	let out: KindMap[Kind];
	switch (kind as Kind) {
		case "setup": {
			const m = await RefSetup.decode(r, v);
			// The reference folds absent into defaults (probe None, role Both, origin 0 = absent); callers that
			// compare with ours normalize with `normalizeSetup`.
			const s: SetupMsg = { probe: m.probe, role: m.role };
			if (m.path !== undefined) s.path = m.path;
			if (m.origin !== undefined) s.origin = u62(m.origin);
			out = s;
			break;
		}
		case "announceRequest": {
			const m = await RefAnnounce.AnnounceRequest.decode(r, v);
			out = { prefix: m.prefix, excludeHop: u62(m.excludeHop) };
			break;
		}
		case "announceOk": {
			const m = await RefAnnounce.AnnounceOk.decode(r, v);
			out = { origin: u62(m.origin), activeCount: m.active };
			break;
		}
		case "announce": {
			const m = await RefAnnounce.decodeAnnounceBroadcast(r, v);
			if (m.status === "active") out = { status: 1, suffix: m.suffix, hops: m.hops.map(u62) };
			else if (m.status === "ended") out = { status: 0, suffix: m.suffix, hops: [] };
			else throw new Error(`unexpected lite-06 announce ${m.status}`);
			break;
		}
		case "subscribe": {
			const m = await RefSub.Subscribe.decode(r, v);
			out = withGroups(
				{ id: u62(m.id), broadcast: m.broadcast, track: m.track, priority: m.priority, ordered: m.ordered, maxLatency: m.maxLatency },
				m.startGroup,
				m.endGroup,
			);
			break;
		}
		case "subscribeUpdate": {
			const m = await RefSub.SubscribeUpdate.decode(r, v);
			out = withGroups({ priority: m.priority, ordered: m.ordered, maxLatency: m.maxLatency }, m.startGroup, m.endGroup);
			break;
		}
		case "subscribeResponse": {
			const m = await RefSub.decodeSubscribeResponse(r, v);
			if ("ok" in m) {
				out = withGroups(
					{ type: "ok" as const, priority: m.ok.priority, ordered: m.ok.ordered, maxLatency: m.ok.maxLatency },
					m.ok.startGroup,
					m.ok.endGroup,
				);
			} else if ("start" in m) out = { type: "start", group: m.start.group };
			else if ("end" in m) out = { type: "end", group: m.end.group };
			else out = { type: "drop", start: m.drop.start, end: m.drop.end, error: m.drop.error };
			break;
		}
		case "track": {
			const m = await RefTrack.decode(r, v);
			out = { broadcast: m.broadcast, track: m.track };
			break;
		}
		case "trackInfo": {
			const m = await RefTrackInfo.decode(r, v);
			out = { priority: m.priority, ordered: m.ordered, latencyMax: m.latencyMax, timescale: m.timescale };
			break;
		}
		case "fetch": {
			const m = await RefFetch.decode(r, v);
			out = { broadcast: m.broadcast, track: m.track, priority: m.priority, group: m.group };
			break;
		}
		case "group": {
			const m = await RefGroup.decode(r);
			out = { subscribeId: u62(m.subscribe), sequence: m.sequence };
			break;
		}
		case "probe": {
			const m = await RefProbe.decode(r, v);
			const p: Probe = { bitrate: m.bitrate ?? 0 };
			if (version !== Version.Lite03) p.rtt = m.rtt ?? 0;
			out = p;
			break;
		}
		case "goaway": {
			const m = await RefGoaway.decode(r, v);
			out = { uri: m.uri };
			break;
		}
	}
	return out as KindMap[K];
}

/** The reference's own decode call for `kind`, without mapping to our shapes (for benchmarks). */
export function refDecoder(kind: Kind, version: Version): (r: Reader) => Promise<unknown> {
	const v = ref(version);
	switch (kind) {
		case "setup":
			return (r) => RefSetup.decode(r, v);
		case "announceRequest":
			return (r) => RefAnnounce.AnnounceRequest.decode(r, v);
		case "announceOk":
			return (r) => RefAnnounce.AnnounceOk.decode(r, v);
		case "announce":
			return (r) => RefAnnounce.decodeAnnounceBroadcast(r, v);
		case "subscribe":
			return (r) => RefSub.Subscribe.decode(r, v);
		case "subscribeUpdate":
			return (r) => RefSub.SubscribeUpdate.decode(r, v);
		case "subscribeResponse":
			return (r) => RefSub.decodeSubscribeResponse(r, v);
		case "track":
			return (r) => RefTrack.decode(r, v);
		case "trackInfo":
			return (r) => RefTrackInfo.decode(r, v);
		case "fetch":
			return (r) => RefFetch.decode(r, v);
		case "group":
			return (r) => RefGroup.decode(r);
		case "probe":
			return (r) => RefProbe.decode(r, v);
		case "goaway":
			return (r) => RefGoaway.decode(r, v);
	}
}

function withGroups<T extends object>(m: T, start: number | undefined, end: number | undefined): T & { startGroup?: U62; endGroup?: U62 } {
	const o: T & { startGroup?: U62; endGroup?: U62 } = m;
	if (start !== undefined) o.startGroup = start;
	if (end !== undefined) o.endGroup = end;
	return o;
}

/** Decodes exactly one message of `kind` from `bytes` with the reference; throws if bytes are left over. */
export async function decodeRef<K extends Kind>(kind: K, bytes: Uint8Array, version: Version): Promise<KindMap[K]> {
	const r = bytesReader(bytes);
	const msg = await readRef(r, kind, version);
	if (!(await r.done())) throw new Error(`reference left bytes after ${kind}`);
	return msg;
}

/** Decodes back-to-back messages of one kind until FIN, as the reference's `decodeMaybe` loops do. */
export async function decodeAllRef<K extends Kind>(kind: K, r: Reader, version: Version): Promise<KindMap[K][]> {
	const out: KindMap[K][] = [];
	while (!(await r.done())) out.push(await readRef(r, kind, version));
	return out;
}

/**
 * Frames until FIN, replaying the reference subscriber's `runGroup`/`#runFetchResponse` loop: a FIN where the next
 * frame would start ends the stream cleanly. Timestamps are absolute (05), undefined on 03/04.
 */
export async function readFramesRef(r: Reader, version: Version): Promise<Frame[]> {
	const frames: Frame[] = [];
	let prev = 0n;
	while (!(await r.done())) {
		let timestamp: number | undefined;
		if (version === Version.Lite05) {
			prev += unzigzag(await r.u62());
			timestamp = Number(prev);
		}
		const size = await r.u53();
		const payload = await r.read(size);
		frames.push(timestamp === undefined ? { payload } : { timestamp, payload });
	}
	return frames;
}

/** A whole GROUP uni stream decoded the reference's way: stream type, `Group.decode`, then frames. */
export async function decodeGroupStreamRef(r: Reader, version: Version): Promise<{ header: GroupHeader; frames: Frame[] }> {
	const type = await r.u53();
	if (type !== 0) throw new Error(`not a group stream: type ${type}`);
	const header = await readRef(r, "group", version);
	return { header, frames: await readFramesRef(r, version) };
}

export async function decodeDatagramRef(bytes: Uint8Array): Promise<DatagramMsg> {
	const d = await RefDatagram.decode(bytes);
	return { subscribeId: u62(d.subscribe), sequence: d.sequence, timestamp: d.timestamp, payload: d.payload };
}

/**
 * SETUP as a comparable value: absent and default are the same on the wire for the reference (probe None and role
 * Both are never written; origin 0 decodes as absent), and the reference neither keeps nor writes unknown ids.
 */
export function normalizeSetup(s: SetupMsg): { probe: number; path: string | undefined; role: number; origin: U62 | undefined } {
	const o = s.origin === undefined ? undefined : u62(s.origin);
	return { probe: s.probe ?? 0, path: s.path, role: s.role ?? 0, origin: o === 0 ? undefined : o };
}

/** Byte equality, fast on large payloads (native compare); hex only to print a mismatch. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return Buffer.compare(a, b) === 0;
}

/** Lowercase hex with spaces, for readable failure messages. */
export function hex(b: Uint8Array): string {
	return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex").replace(/(..)(?!$)/g, "$1 ");
}

export function fromHex(s: string): Uint8Array {
	const clean = s.replace(/\s+/g, "");
	const out = new Uint8Array(clean.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
	return out;
}
