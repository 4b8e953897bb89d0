// moq-lite-versions.md §6 item 8 as named tests: our publisher on moq-lite-06 against a raw subscriber. The start
// resolves from the Group Start floor (versions §2.5), a partial group is never sent unasked, every GROUP header
// carries frame_start, and a subscription gets one stream per group.
import { afterEach, describe, expect, test } from "vitest";
import { encodeSubscribe, type Subscribe, Version } from "../../src/codec/index.js";
import { accept } from "../../src/lite/index.js";
import { OriginProducer, type TrackProducer } from "../../src/model/index.js";
import { MemoryTransport } from "../../src/transport/memory.js";
import { concat, RawReader, rawBidi, type } from "../lite/helpers.js";

const V06 = Version.Lite06;

interface Arrived {
	sequence: number;
	frameStart: number;
}

/** The payloads of each arrived group once its stream ended, by sequence. */
type Payloads = Map<number, Promise<number[]>>;

/** The GROUP streams reaching the raw subscriber, in arrival order (its SETUP stream skipped). */
class Groups {
	readonly seen: Arrived[] = [];
	readonly payloads: Payloads = new Map();
	readonly #waiters = new Set<() => void>();

	constructor(transport: MemoryTransport) {
		void this.#pump(transport.incomingUnidirectionalStreams.getReader());
	}

	// The session closing at the end of a test ends both loops: the streams then fail, which is not a finding.
	async #pump(incoming: ReadableStreamDefaultReader<ReadableStream<Uint8Array>>): Promise<void> {
		for (;;) {
			const next = await incoming.read().catch(() => ({ done: true as const, value: undefined }));
			if (next.done) return;
			void this.#read(new RawReader(next.value)).catch(() => {});
		}
	}

	async #read(r: RawReader): Promise<void> {
		if ((await r.varint()) !== 0) return void (await r.ended());
		const h = await r.message("group", V06);
		// Each frame's one-byte payload is its index in the group (append below).
		const read = r.ended().then(() => r.decoder.frames(V06).map((f) => f.payload[0]!));
		this.payloads.set(Number(h.sequence), read);
		this.seen.push({ sequence: Number(h.sequence), frameStart: Number(h.frameStart ?? 0) });
		for (const w of [...this.#waiters]) w();
		await read;
	}

	/** Resolves once a GROUP for `sequence` has arrived. */
	until(sequence: number): Promise<void> {
		return new Promise((resolve) => {
			const check = () => {
				if (!this.seen.some((g) => g.sequence === sequence)) return;
				this.#waiters.delete(check);
				resolve();
			};
			this.#waiters.add(check);
			check();
		});
	}
}

const cleanups: (() => void)[] = [];
afterEach(() => {
	for (const fn of cleanups.splice(0)) fn();
});

/** Our server publishing room/video with `groups` one-frame groups already cached, and a raw 06 subscriber. */
async function published(groups: number) {
	const origin = new OriginProducer();
	const track = origin.createBroadcast("room").createTrack("video", { latencyMax: 60_000 });
	for (let g = 0; g < groups; g++) append(track, 1);
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-06" });
	const session = await accept(server, { publish: origin.consume() });
	cleanups.push(() => session.close());
	const arrived = new Groups(client);
	const subscribe = (fields: Partial<Subscribe> = {}) =>
		rawBidi(
			() => client.createBidirectionalStream(),
			concat(type(2), encodeSubscribe({ id: 1, broadcast: "room", track: "video", priority: 1, ordered: false, maxLatency: 10_000, ...fields }, V06)),
		);
	/** The group SUBSCRIBE_START names. */
	const started = async (r: RawReader) => {
		const res = await r.message("subscribeResponse", V06);
		expect(res.type).toBe("start");
		return Number((res as { group: number }).group);
	};
	return { track, arrived, subscribe, started };
}

/** A finished group of `frames` small frames after the live edge. */
function append(track: TrackProducer, frames: number): void {
	const g = track.appendGroup();
	for (let f = 0; f < frames; f++) g.writeFrame(f, new Uint8Array([f & 0xff]));
	g.finish();
}

describe("moq-lite-versions §6.8 publisher (moq-lite-06)", () => {
	test("§6.8 start: without a group_start floor the subscription starts at the oldest cached group, not the latest", async () => {
		const { arrived, subscribe, started } = await published(4);
		const { reader } = await subscribe();
		expect(await started(reader)).toBe(0);
		await arrived.until(3);
		expect(arrived.seen.map((g) => g.sequence).sort()).toEqual([0, 1, 2, 3]);
	});

	test("§6.8 start: a floor resolves to the oldest cached group at or above it", async () => {
		const { arrived, subscribe, started } = await published(4);
		const { reader } = await subscribe({ startGroup: 2 });
		expect(await started(reader)).toBe(2);
		await arrived.until(3);
		expect(arrived.seen.map((g) => g.sequence).sort()).toEqual([2, 3]);
	});

	test("§6.8 start: a floor above the latest group waits for it", async () => {
		const { track, arrived, subscribe, started } = await published(2);
		const { reader } = await subscribe({ startGroup: 5 });
		const start = started(reader);
		for (let g = 2; g <= 5; g++) append(track, 1);
		expect(await start).toBe(5);
		await arrived.until(5);
		expect(arrived.seen.map((g) => g.sequence)).toEqual([5]);
	});

	test("§6.8 start: Max Age 0 starts at the latest group", async () => {
		const { arrived, subscribe, started } = await published(4);
		const { reader } = await subscribe({ maxLatency: 0 });
		expect(await started(reader)).toBe(3);
		await arrived.until(3);
		expect(arrived.seen.map((g) => g.sequence)).toEqual([3]);
	});

	test("§6.8 a group that lost leading frames (group limits) is skipped whole, never sent partial", async () => {
		const { track, arrived, subscribe, started } = await published(0);
		// 1024 frames are retained per group: the first of these 1030 is dropped.
		append(track, 1030);
		append(track, 1);
		const { reader } = await subscribe();
		expect(await started(reader)).toBe(1);
		await arrived.until(1);
		expect(arrived.seen).toEqual([{ sequence: 1, frameStart: 0 }]);
	});

	test("§6.8 GROUP carries frame_start: 0 for a whole group", async () => {
		const { arrived, subscribe, started } = await published(2);
		const { reader } = await subscribe({ startGroup: 1 });
		expect(await started(reader)).toBe(1);
		await arrived.until(1);
		expect(arrived.seen).toEqual([{ sequence: 1, frameStart: 0 }]);
	});

	test("§6.8 a subscriber's frame_start: GROUP carries it and the frames below it are not sent", async () => {
		const { track, arrived, subscribe, started } = await published(0);
		append(track, 5);
		const { reader } = await subscribe({ startGroup: 0, frameStart: 3 });
		expect(await started(reader)).toBe(0);
		await arrived.until(0);
		expect(arrived.seen).toEqual([{ sequence: 0, frameStart: 3 }]);
		expect(await arrived.payloads.get(0)).toEqual([3, 4]);
	});

	test("§6.8 one stream per group per subscription: a group aborted and created again is not sent twice", async () => {
		const { track, arrived, subscribe, started } = await published(0);
		const { reader } = await subscribe();
		const first = track.createGroup(0);
		first.writeFrame(0, new Uint8Array([1]));
		expect(await started(reader)).toBe(0);
		await arrived.until(0);
		first.abort();
		const again = track.createGroup(0);
		again.writeFrame(0, new Uint8Array([2]));
		again.finish();
		append(track, 1);
		await arrived.until(1);
		expect(arrived.seen.map((g) => g.sequence)).toEqual([0, 1]);
	});
});
