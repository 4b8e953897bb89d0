// Scenario-level adapters over both implementations, so every session scenario is written once and run over
// each pairing: ours ↔ ours, @moq/net client ↔ our server, our client ↔ @moq/net server, with either end publishing.
import { afterEach, beforeAll, vi } from "vitest";
import * as Moq from "@moq/net";
import { accept, connect, type Session } from "../../src/lite/index.js";
import { OriginProducer, type BroadcastConsumer, type GroupConsumer, type TrackProducer } from "../../src/model/index.js";
import { MemoryTransport } from "../../src/transport/memory.js";
import type { BidiStream, Transport } from "../../src/transport/types.js";
import { ensurePromiseWithResolvers } from "../../src/transport/websocket/polyfill.js";

export interface Frame {
	ts: number;
	bytes: number[];
}
export interface Prefs {
	priority?: number;
	startGroup?: number;
	endGroup?: number;
}
export interface PubGroup {
	write(ts: number, bytes: number[]): void;
	finish(): void;
}
export interface PubTrack {
	appendGroup(): PubGroup;
	/** Writes a whole finished group. */
	group(frames: Frame[]): void;
	/** The aggregate the publisher sees, undefined with no subscriber. */
	subscription(): Prefs | undefined;
	/** Ends the track after its last group. */
	finish(): void;
	/** A datagram after the live edge; returns its sequence. */
	datagram(ts: number, bytes: number[]): number;
}
export interface PubBroadcast {
	track(name: string, timescale: number): PubTrack;
	close(): void;
}
export interface SubGroup {
	sequence: number;
	next(): Promise<Frame | undefined>;
	/** Every remaining frame until the group ends. */
	all(): Promise<Frame[]>;
	/** This reader leaves the group. */
	close(): void;
}
export interface Datagram extends Frame {
	sequence: number;
}
export interface SubTrack {
	recvGroup(): Promise<SubGroup | undefined>;
	recvDatagram(): Promise<Datagram | undefined>;
	update(p: Prefs): void;
	close(): void;
}
export interface SubBroadcast {
	subscribe(track: string, p?: Prefs): Promise<SubTrack>;
	fetch(track: string, sequence: number): Promise<SubGroup>;
}
export interface Announce {
	path: string;
	active: boolean;
}
export interface Pair {
	name: string;
	publish(path: string): PubBroadcast;
	announced(): { next(): Promise<Announce | undefined> };
	consume(path: string): Promise<SubBroadcast>;
	/** FETCH streams the subscriber opened so far (sniffed from its transport). */
	fetches(): number;
	/** FETCH streams the subscriber reset so far. */
	cancelledFetches(): number;
	close(): void;
}

type Side = "ours" | "theirs";
export interface Pairing {
	client: Side;
	server: Side;
	/** Which end publishes (the other subscribes). */
	publisher: "client" | "server";
	/** The negotiated protocol; moq-lite-05 unless named (the reference, 0.3.4, has no 06 final). */
	protocol?: string;
}

export function pairingName(p: Pairing): string {
	const who = (end: "client" | "server") => `${p[end]} ${end}`;
	const sub = p.publisher === "client" ? "server" : "client";
	return `${who(p.publisher)} publishes → ${who(sub)}${p.protocol ? ` on ${p.protocol}` : ""}`;
}

/** Every pairing the suite runs: ours ↔ ours, then the reference on either end, publishing either way. */
export const PAIRINGS: Pairing[] = [
	{ client: "ours", server: "ours", publisher: "server" },
	{ client: "ours", server: "ours", publisher: "client" },
	{ client: "theirs", server: "ours", publisher: "server" },
	{ client: "theirs", server: "ours", publisher: "client" },
	{ client: "ours", server: "theirs", publisher: "server" },
	{ client: "ours", server: "theirs", publisher: "client" },
	{ client: "ours", server: "ours", publisher: "server", protocol: "moq-lite-06" },
	{ client: "ours", server: "ours", publisher: "client", protocol: "moq-lite-06" },
];

/** The reference needs Set.prototype.difference and Promise.withResolvers, which Node 20 lacks. */
export function prepareReference(): void {
	ensurePromiseWithResolvers();
	const proto = Set.prototype as unknown as { difference?: (o: Set<unknown>) => Set<unknown> };
	proto.difference ??= function (this: Set<unknown>, other: Set<unknown>) {
		return new Set([...this].filter((v) => !other.has(v)));
	};
}

/** Mutes the console for the calling test file: the reference logs every session event. */
export function muteConsole(): void {
	for (const level of ["log", "debug", "info", "warn", "error"] as const) vi.spyOn(console, level).mockImplementation(() => {});
}

/**
 * The usual frame of a reference-interop file: the reference prepared and muted before its tests, and the
 * returned list of closers run after each test.
 */
export function referenceFile(): (() => void)[] {
	const closers: (() => void)[] = [];
	beforeAll(() => {
		prepareReference();
		muteConsole();
	});
	afterEach(() => {
		for (const c of closers.splice(0)) c();
	});
	return closers;
}

/** Counts FETCH bidi streams (by the first byte each writes) and those reset by the subscriber. */
function sniffFetches(t: Transport): { opened: () => number; cancelled: () => number } {
	let count = 0;
	let cancelled = 0;
	const open = t.createBidirectionalStream.bind(t);
	t.createBidirectionalStream = async (options) => {
		const s: BidiStream = await open(options);
		const inner = s.writable.getWriter();
		let first = true;
		let fetch = false;
		const writable = new WritableStream<Uint8Array>({
			write: (chunk) => {
				if (first && chunk[0] === 3) {
					count++;
					fetch = true;
				}
				first = false;
				return inner.write(chunk);
			},
			close: () => inner.close(),
			abort: (reason) => {
				if (fetch) cancelled++;
				return inner.abort(reason);
			},
		});
		return { readable: s.readable, writable };
	};
	return { opened: () => count, cancelled: () => cancelled };
}

// ---- ours ----

class OursEnd {
	readonly published = new OriginProducer();
	readonly remote = new OriginProducer();
	session!: Session;

	publish(path: string): PubBroadcast {
		const b = this.published.createBroadcast(path);
		return {
			track: (name, timescale) => oursTrack(b.createTrack(name, { timescale })),
			close: () => b.finish(),
		};
	}

	announced(): { next(): Promise<Announce | undefined> } {
		const a = this.remote.consume().announced();
		return { next: async () => {
			const n = await a.next();
			return n && { path: n.path, active: n.broadcast !== undefined };
		} };
	}

	async consume(path: string): Promise<SubBroadcast> {
		return oursBroadcast(await this.remote.consume().requestBroadcast(path));
	}
}

/** Writes a whole group and finishes it (the same on both implementations' adapters). */
function writeGroup(g: PubGroup, frames: Frame[]): void {
	for (const f of frames) g.write(f.ts, f.bytes);
	g.finish();
}

function oursTrack(t: TrackProducer): PubTrack {
	const appendGroup = (): PubGroup => {
		const g = t.appendGroup();
		return { write: (ts, bytes) => g.writeFrame(ts, Uint8Array.from(bytes)), finish: () => g.finish() };
	};
	return {
		appendGroup,
		group: (frames) => writeGroup(appendGroup(), frames),
		subscription: () => {
			const s = t.subscription;
			return s && { priority: s.priority, startGroup: s.startGroup, endGroup: s.endGroup };
		},
		finish: () => t.finish(),
		datagram: (ts, bytes) => t.appendDatagram(ts, Uint8Array.from(bytes)),
	};
}

function oursGroup(g: GroupConsumer): SubGroup {
	const next = async (): Promise<Frame | undefined> => {
		const f = await g.readFrame();
		return f && { ts: f.timestamp, bytes: [...f.payload] };
	};
	return { sequence: g.sequence, next, all: () => drain(next), close: () => g.close() };
}

function oursBroadcast(b: BroadcastConsumer): SubBroadcast {
	return {
		subscribe: async (name, p = {}) => {
			const sub = await b.track(name).subscribe(p);
			return {
				recvGroup: async () => {
					const g = await sub.recvGroup();
					return g && oursGroup(g);
				},
				recvDatagram: async () => {
					const d = await sub.recvDatagram();
					return d && { sequence: d.sequence, ts: d.timestamp, bytes: [...d.payload] };
				},
				update: (q) => sub.update(q),
				close: () => sub.close(),
			};
		},
		fetch: async (name, sequence) => oursGroup(await b.track(name).fetchGroup(sequence)),
	};
}

// ---- theirs (@moq/net) ----

type Established = Awaited<ReturnType<typeof Moq.Connection.accept>>;

class TheirsEnd {
	conn!: Established;

	publish(path: string): PubBroadcast {
		const b = new Moq.Broadcast.Producer();
		this.conn.publish(Moq.Path.from(path), b);
		return {
			track: (name, timescale) => theirsTrack(b.createTrack(name, { timescale: Moq.Time.Timescale(timescale) }), timescale),
			close: () => b.close(),
		};
	}

	announced(): { next(): Promise<Announce | undefined> } {
		const a = this.conn.announced();
		return { next: async () => {
			const n = await a.next();
			return n && { path: String(n.path), active: n.active };
		} };
	}

	async consume(path: string): Promise<SubBroadcast> {
		const b = this.conn.consume(Moq.Path.from(path));
		return {
			subscribe: async (name, p = {}) => {
				const sub = b.track(name).subscribe(p);
				await sub.info();
				return {
					recvGroup: async () => {
						const g = await sub.recvGroup();
						return g && theirsGroup(g);
					},
					recvDatagram: async () => {
						const d = await sub.recvDatagram();
						return d && { sequence: d.sequence, ts: d.timestamp.value, bytes: [...d.payload] };
					},
					update: (q) => sub.update(q),
					close: () => sub.close(),
				};
			},
			fetch: async (name, sequence) => theirsGroup(await b.track(name).fetchGroup(sequence)),
		};
	}
}

function theirsTrack(t: Moq.Track.Producer, timescale: number): PubTrack {
	const scale = Moq.Time.Timescale(timescale);
	const appendGroup = (): PubGroup => {
		const g = t.appendGroup();
		return {
			write: (ts, bytes) => g.writeFrame({ payload: Uint8Array.from(bytes), timestamp: new Moq.Time.Timestamp(ts, scale) }),
			finish: () => g.close(),
		};
	};
	return {
		appendGroup,
		group: (frames) => writeGroup(appendGroup(), frames),
		subscription: () => {
			const s = t.subscription.peek();
			return s && { priority: s.priority, startGroup: s.startGroup, endGroup: s.endGroup };
		},
		finish: () => t.close(),
		datagram: (ts, bytes) => t.appendDatagram(new Moq.Time.Timestamp(ts, scale), Uint8Array.from(bytes)),
	};
}

function theirsGroup(g: Moq.Group.Consumer): SubGroup {
	const next = async (): Promise<Frame | undefined> => {
		const f = await g.readFrame();
		return f && { ts: f.timestamp.value, bytes: [...f.payload] };
	};
	return { sequence: g.sequence, next, all: () => drain(next), close: () => g.close() };
}

async function drain(next: () => Promise<Frame | undefined>): Promise<Frame[]> {
	const out: Frame[] = [];
	for (let f = await next(); f; f = await next()) out.push(f);
	return out;
}

// ---- pairs ----

export async function open(p: Pairing, protocol = p.protocol ?? "moq-lite-05"): Promise<Pair> {
	const { client, server } = MemoryTransport.pair({ protocol });
	const ends = { client: p.client === "ours" ? new OursEnd() : new TheirsEnd(), server: p.server === "ours" ? new OursEnd() : new TheirsEnd() };
	const sub = p.publisher === "client" ? "server" : "client";
	const fetches = sniffFetches(sub === "client" ? client : server);
	const url = new URL("https://localhost/");
	const s = ends.server;
	if (s instanceof OursEnd) s.session = await accept(server, { publish: s.published.consume(), subscribe: s.remote });
	else s.conn = await Moq.Connection.accept(server as unknown as WebTransport, url);
	const c = ends.client;
	if (c instanceof OursEnd) c.session = await connect(client, { publish: c.published.consume(), subscribe: c.remote });
	else c.conn = await Moq.Connection.connect(url, { transport: client as unknown as WebTransport });
	const pub = ends[p.publisher];
	const subscriber = ends[sub];
	return {
		name: pairingName(p),
		publish: (path) => pub.publish(path),
		announced: () => subscriber.announced(),
		consume: (path) => subscriber.consume(path),
		fetches: fetches.opened,
		cancelledFetches: fetches.cancelled,
		close: () => {
			for (const end of [c, s]) {
				if (end instanceof OursEnd) end.session.close();
				else end.conn.close();
			}
		},
	};
}

/** Polls `cond` every few ms until true (fails after `ms`). */
export async function until(cond: () => boolean, ms = 2000): Promise<void> {
	const deadline = performance.now() + ms;
	while (!cond()) {
		if (performance.now() > deadline) throw new Error("condition not reached in time");
		await new Promise((r) => setTimeout(r, 2));
	}
}
