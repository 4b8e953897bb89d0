import { describe, expect, it } from "vitest";
import {
	BoundsExceededError,
	ClosedError,
	DuplicateError,
	FrameTooLargeError,
	LaggedError,
	ProtocolViolationError,
	TimestampMismatchError,
} from "../../src/error.js";
import { ManualClock, OriginProducer, Pool } from "../../src/model/index.js";
import { bytes, track } from "./helpers.js";

describe("track and group producer → consumer", () => {
	it("a subscriber reads the frames a producer writes, group by group", async () => {
		const { producer } = track();
		const sub = producer.subscribe();
		const g0 = producer.appendGroup();
		g0.writeFrame(10, bytes(1));
		g0.writeFrame(20, bytes(2, 3));
		g0.finish();
		producer.writeFrame(30, bytes(4));

		const r0 = (await sub.recvGroup())!;
		expect(r0.sequence).toBe(0);
		expect(await r0.readFrame()).toEqual({ timestamp: 10, payload: bytes(1) });
		expect(await r0.readFrame()).toEqual({ timestamp: 20, payload: bytes(2, 3) });
		expect(await r0.readFrame()).toBeUndefined();
		const r1 = (await sub.recvGroup())!;
		expect(r1.sequence).toBe(1);
		expect((await r1.readFrame())?.payload).toEqual(bytes(4));
	});

	it("a reader waits for frames that are not written yet", async () => {
		const { producer } = track();
		const group = producer.appendGroup();
		const reader = group.consume();
		const read = reader.readFrame();
		group.writeFrame(1, bytes(9));
		expect((await read)?.payload).toEqual(bytes(9));
		const end = reader.readFrame();
		group.finish();
		expect(await end).toBeUndefined();
		expect(await group.closed).toBeNull();
	});

	it("creating a cached sequence again is a duplicate, and an aborted one can be created again", () => {
		const { producer } = track();
		const g = producer.createGroup(5);
		expect(() => producer.createGroup(5)).toThrow(DuplicateError);
		g.abort(new Error("bad"));
		expect(producer.createGroup(5).sequence).toBe(5);
		expect(producer.appendGroup().sequence).toBe(6);
	});

	it("finish declares the end at the live edge and later groups are closed", async () => {
		const { producer } = track();
		const sub = producer.subscribe();
		producer.writeFrame(0, bytes(1));
		producer.finish();
		expect(() => producer.appendGroup()).toThrow(ClosedError);
		expect((await sub.recvGroup())?.sequence).toBe(0);
		expect(await sub.recvGroup()).toBeUndefined();
		expect(await producer.closed).toBeNull();
		expect(await sub.closed).toBeNull();
	});

	it("finish_at declares a future boundary that lower groups may still reach", async () => {
		const { producer } = track();
		producer.createGroup(0).finish();
		producer.finishAt(3);
		expect(() => producer.createGroup(3)).toThrow(ClosedError);
		const sub = producer.subscribe({ startGroup: 0 });
		producer.createGroup(2).finish();
		producer.createGroup(1).finish();
		// Arrival order, not sequence order.
		expect((await sub.recvGroup())?.sequence).toBe(0);
		expect((await sub.recvGroup())?.sequence).toBe(2);
		expect((await sub.recvGroup())?.sequence).toBe(1);
		expect(await sub.recvGroup()).toBeUndefined();
		expect(await producer.closed).toBeNull();
	});

	it("finish_at rejects a boundary at or below the live edge, and only once", () => {
		const { producer } = track();
		producer.createGroup(4);
		expect(() => producer.finishAt(4)).toThrow(ProtocolViolationError);
		producer.finishAt(6);
		expect(() => producer.finishAt(7)).toThrow(ClosedError);
	});

	it("abort clears cached groups and fails readers and subscribers", async () => {
		const { producer } = track();
		const sub = producer.subscribe();
		const group = producer.appendGroup();
		const reader = group.consume();
		const err = new Error("gone");
		producer.abort(err);
		await expect(reader.readFrame()).rejects.toBe(err);
		await expect(sub.recvGroup()).rejects.toBe(err);
		expect(producer.latestGroup()).toBeUndefined();
		expect(await producer.closed).toBe(err);
		expect(() => group.writeFrame(0, bytes(1))).toThrow(err);
	});

	it("an abort after a clean finish still clears the cache, while closed stays the clean end", async () => {
		const { producer } = track();
		producer.writeFrame(0, bytes(1));
		producer.finish();
		const err = new Error("late failure");
		producer.abort(err);
		await expect(producer.consume().fetchGroup(0)).rejects.toBe(err);
		expect(await producer.closed).toBeNull();
	});

	it("timestamps are scaled to the track timescale", async () => {
		const { producer } = track({ timescale: 90_000 });
		const group = producer.appendGroup();
		group.writeFrame({ value: 2, timescale: 1000 }, bytes(1));
		group.writeFrame(7, bytes(2));
		const reader = group.consume();
		expect((await reader.readFrame())?.timestamp).toBe(180);
		expect((await reader.readFrame())?.timestamp).toBe(7);
		expect(() => group.writeFrame(-1, bytes(3))).toThrow(TimestampMismatchError);
		expect(() => group.writeFrame({ value: 2 ** 60, timescale: 1 }, bytes(3))).toThrow(TimestampMismatchError);
	});

	it("a frame above 32 MiB is refused", () => {
		const { producer } = track();
		const group = producer.appendGroup();
		expect(() => group.writeFrame(0, new Uint8Array(32 * 1024 * 1024 + 1))).toThrow(FrameTooLargeError);
		group.writeFrame(0, new Uint8Array(32 * 1024 * 1024));
		expect(group.frameCount).toBe(1);
	});

	it("a reader that falls more than 1024 frames behind gets Lagged, then continues at what remains", async () => {
		const { producer } = track();
		const group = producer.appendGroup();
		const reader = group.consume();
		for (let i = 0; i < 1030; i++) group.writeFrame(i, bytes(i & 0xff));
		await expect(reader.readFrame()).rejects.toBeInstanceOf(LaggedError);
		expect((await reader.readFrame())?.timestamp).toBe(6);
		expect(group.frameCount).toBe(1030);
	});

	it("a group keeps at most 32 MiB: older frames are dropped from the front", async () => {
		const { producer } = track();
		const group = producer.appendGroup();
		const reader = group.consume();
		const mib = new Uint8Array(1024 * 1024);
		for (let i = 0; i < 34; i++) group.writeFrame(i, mib);
		await expect(reader.readFrame()).rejects.toBeInstanceOf(LaggedError);
		expect((await reader.readFrame())?.timestamp).toBe(2);
	});
});

describe("argument validation", () => {
	it("out-of-range priorities, timescales, latencies, sequences and pool sizes are BoundsExceeded (11)", async () => {
		const { broadcast, producer } = track();
		const bounds = { name: "BoundsExceededError" };
		expect(() => broadcast.createTrack("a", { priority: 256 })).toThrow(expect.objectContaining(bounds));
		expect(() => broadcast.createTrack("b", { timescale: 0 })).toThrow(BoundsExceededError);
		expect(() => broadcast.createTrack("c", { latencyMax: -1 })).toThrow(BoundsExceededError);
		expect(() => producer.createGroup(-1)).toThrow(BoundsExceededError);
		expect(() => producer.createGroup(1.5)).toThrow(BoundsExceededError);
		expect(() => producer.subscribe({ priority: -1 })).toThrow(BoundsExceededError);
		await expect(producer.consume().fetchGroup(0, { priority: 300 })).rejects.toBeInstanceOf(BoundsExceededError);
		expect(() => new Pool(-1)).toThrow(BoundsExceededError);
	});
});

describe("durations that mean no limit (moq-lite-versions §6 item 6)", () => {
	it("idleFor(2^53−1) arms no timer, however far the clock moves; closing ends it with false", async () => {
		const clock = new ManualClock();
		const t = new OriginProducer({ clock }).createBroadcast("b").createTrack("t");
		const waiting = t.idleFor(Number.MAX_SAFE_INTEGER);
		// A finite wait arms one timer on the same clock: the no-limit one arms none.
		const finite = t.idleFor(2 ** 40);
		await Promise.resolve();
		expect(clock.pending).toBe(1);
		clock.advance(2 ** 40);
		expect(await finite).toBe(true);
		clock.advance(Number.MAX_SAFE_INTEGER);
		t.finish();
		expect(await waiting).toBe(false);
	});
});
