import { describe, expect, it } from "vitest";
import { ClosedError, DroppedError, DuplicateError, NotFoundError } from "../../src/error.js";
import { BroadcastProducer } from "../../src/model/index.js";
import { bytes, settled, settlesWithin, track } from "./helpers.js";

describe("fetchGroup and TrackDynamic", () => {
	it("a cached group is fetched at once without any dynamic handler", async () => {
		const { producer } = track();
		const g = producer.createGroup(3);
		g.writeFrame(1, bytes(7));
		g.finish();
		const fetched = await producer.consume().fetchGroup(3);
		expect(fetched.sequence).toBe(3);
		expect((await fetched.readFrame())?.payload).toEqual(bytes(7));
	});

	it("a cache miss with no handler fails at once with NotFound", async () => {
		const { producer } = track();
		await expect(producer.consume().fetchGroup(1)).rejects.toBeInstanceOf(NotFoundError);
	});

	it("a cache miss is served by the dynamic handler, frames included", async () => {
		const { producer } = track();
		const dynamic = producer.dynamic();
		const fetch = producer.consume().fetchGroup(9, { priority: 4 });
		const request = await dynamic.requestedGroup();
		expect(request.sequence).toBe(9);
		expect(request.priority).toBe(4);
		const group = request.accept();
		group.writeFrame(100, bytes(1, 2));
		group.finish();
		const consumer = await fetch;
		expect(consumer.sequence).toBe(9);
		expect(await consumer.readFrame()).toEqual({ timestamp: 100, payload: bytes(1, 2) });
		expect(await consumer.readFrame()).toBeUndefined();
		dynamic.close();
	});

	it("concurrent fetches of one sequence share a single request and both see the frames", async () => {
		const { producer } = track();
		const dynamic = producer.dynamic();
		const consumer = producer.consume();
		const a = consumer.fetchGroup(2, { priority: 1 });
		const b = consumer.fetchGroup(2, { priority: 7 });
		const request = await dynamic.requestedGroup();
		expect(request.priority).toBe(7);
		const group = request.accept();
		group.writeFrame(5, bytes(5));
		group.finish();
		const [ga, gb] = await Promise.all([a, b]);
		expect((await ga.readFrame())?.payload).toEqual(bytes(5));
		expect((await gb.readFrame())?.payload).toEqual(bytes(5));
		dynamic.close();
		expect(await settled(dynamic.requestedGroup())).toMatchObject({ state: "rejected" });
	});

	it("a publisher abort surfaces to a fetched group's reader", async () => {
		const { producer } = track();
		const dynamic = producer.dynamic();
		const fetch = producer.consume().fetchGroup(0);
		const group = (await dynamic.requestedGroup()).accept();
		const reader = await fetch;
		const err = new Error("publisher failed");
		group.abort(err);
		await expect(reader.readFrame()).rejects.toBe(err);
	});

	it("pending fetches fail with NotFound when the last dynamic handler closes", async () => {
		const { producer } = track();
		const one = producer.dynamic();
		const two = producer.dynamic();
		const fetch = producer.consume().fetchGroup(4);
		one.close();
		expect(await settled(fetch)).toEqual({ state: "pending" });
		two.close();
		await expect(fetch).rejects.toBeInstanceOf(NotFoundError);
	});

	it("latestGroup is undefined on an empty track", () => {
		const { producer } = track();
		expect(producer.consume().latestGroup()).toBeUndefined();
	});

	it("latestGroup returns the highest cached sequence", () => {
		const { producer } = track();
		producer.createGroup(3);
		producer.createGroup(8);
		producer.createGroup(5);
		expect(producer.consume().latestGroup()?.sequence).toBe(8);
	});

	it("a rejected request fails every waiter and does not poison a retry", async () => {
		const { producer } = track();
		const dynamic = producer.dynamic();
		const consumer = producer.consume();
		const a = consumer.fetchGroup(1);
		const b = consumer.fetchGroup(1);
		const err = new NotFoundError("upstream has no group 1");
		(await dynamic.requestedGroup()).reject(err);
		await expect(a).rejects.toBe(err);
		await expect(b).rejects.toBe(err);
		const retry = consumer.fetchGroup(1);
		const request = await dynamic.requestedGroup();
		request.accept().finish();
		expect((await retry).sequence).toBe(1);
	});

	it("a request dropped unanswered with its handler fails its waiters with Dropped", async () => {
		const { producer } = track();
		const dynamic = producer.dynamic();
		const fetch = producer.consume().fetchGroup(3);
		await dynamic.requestedGroup();
		dynamic.close();
		await expect(fetch).rejects.toBeInstanceOf(DroppedError);
	});

	it("a fetch at or past the final sequence is NotFound even with a handler", async () => {
		const { producer } = track();
		const dynamic = producer.dynamic();
		producer.createGroup(0).finish();
		producer.finish();
		await expect(producer.consume().fetchGroup(1)).rejects.toBeInstanceOf(NotFoundError);
		expect((await producer.consume().fetchGroup(0)).sequence).toBe(0);
		dynamic.close();
	});

	it("declaring a final sequence fails queued fetches beyond it", async () => {
		const { producer } = track();
		const dynamic = producer.dynamic();
		const beyond = producer.consume().fetchGroup(10);
		const below = producer.consume().fetchGroup(1);
		producer.finishAt(5);
		await expect(beyond).rejects.toBeInstanceOf(NotFoundError);
		expect(await settled(below)).toEqual({ state: "pending" });
		dynamic.close();
		await expect(below).rejects.toBeInstanceOf(NotFoundError);
	});

	it("a request taken before the final sequence fell below it can no longer be accepted", async () => {
		const { producer } = track();
		const dynamic = producer.dynamic();
		const fetch = producer.consume().fetchGroup(9);
		const request = await dynamic.requestedGroup();
		producer.finishAt(3);
		await expect(fetch).rejects.toBeInstanceOf(NotFoundError);
		expect(() => request.accept()).toThrow(ClosedError);
		dynamic.close();
	});

	it("pending fetches fail with the track's error when it aborts", async () => {
		const { producer } = track();
		const dynamic = producer.dynamic();
		const fetch = producer.consume().fetchGroup(2);
		const err = new Error("track aborted");
		producer.abort(err);
		await expect(fetch).rejects.toBe(err);
		await expect(producer.consume().fetchGroup(2)).rejects.toBe(err);
		await expect(dynamic.requestedGroup()).rejects.toBe(err);
	});

	it("fetched backfill is cached but never delivered to live subscribers", async () => {
		const { producer } = track();
		const sub = producer.subscribe();
		const dynamic = producer.dynamic();
		const fetch = producer.consume().fetchGroup(1);
		(await dynamic.requestedGroup()).accept().finish();
		await fetch;
		producer.createGroup(2).finish();
		expect((await sub.recvGroup())?.sequence).toBe(2);
		expect(await settled(sub.recvGroup())).toEqual({ state: "pending" });
		expect((await producer.consume().fetchGroup(1)).sequence).toBe(1);
		sub.close();
		dynamic.close();
	});

	it("a live group created for a pending sequence answers the fetch, and the stale request is a duplicate", async () => {
		const { producer } = track();
		const dynamic = producer.dynamic();
		const fetch = producer.consume().fetchGroup(6);
		const request = await dynamic.requestedGroup();
		const live = producer.createGroup(6);
		live.writeFrame(1, bytes(6));
		expect((await (await fetch).readFrame())?.payload).toEqual(bytes(6));
		expect(() => request.accept()).toThrow(DuplicateError);
		dynamic.close();
	});

	it("a fetch during a live subscription is served while the subscription keeps flowing", async () => {
		const { producer } = track();
		const dynamic = producer.dynamic();
		const sub = producer.subscribe();
		producer.createGroup(10).finish();
		const old = producer.consume().fetchGroup(3);
		producer.createGroup(11).finish();
		(await dynamic.requestedGroup()).accept().finish();
		expect((await old).sequence).toBe(3);
		expect((await sub.recvGroup())?.sequence).toBe(10);
		expect((await sub.recvGroup())?.sequence).toBe(11);
		dynamic.close();
	});

	it("an unaccepted track request counts as a handler, and accepting a group request sets the track info", async () => {
		const broadcast = new BroadcastProducer();
		const tracks = broadcast.dynamic();
		const consumer = broadcast.consume().track("catalog");
		const fetch = consumer.fetchGroup(0);
		const request = await tracks.requestedTrack();
		expect(request.name).toBe("catalog");
		const groups = request.dynamic();
		const group = (await groups.requestedGroup()).accept({ timescale: 90_000, latencyMax: 2000 });
		group.writeFrame({ value: 1, timescale: 1000 }, bytes(1));
		group.finish();
		expect((await (await fetch).readFrame())?.timestamp).toBe(90);
		expect(await consumer.info()).toMatchObject({ timescale: 90_000, latencyMax: 2000 });
		// The info is fixed now: a later accept keeps it.
		expect(request.accept({ timescale: 1000 }).info.timescale).toBe(90_000);
		groups.close();
		tracks.close();
	});

	it("accepting the track request without a dynamic makes later misses fail fast", async () => {
		const broadcast = new BroadcastProducer();
		const tracks = broadcast.dynamic();
		const consumer = broadcast.consume().track("video");
		const queued = consumer.fetchGroup(5);
		(await tracks.requestedTrack()).accept();
		await expect(queued).rejects.toBeInstanceOf(NotFoundError);
		await expect(consumer.fetchGroup(6)).rejects.toBeInstanceOf(NotFoundError);
		tracks.close();
	});

	it("requests are handed out highest priority first", async () => {
		const { producer } = track();
		const dynamic = producer.dynamic();
		const consumer = producer.consume();
		const fetches = [consumer.fetchGroup(1, { priority: 1 }), consumer.fetchGroup(2, { priority: 9 }), consumer.fetchGroup(3, { priority: 5 })];
		const order: number[] = [];
		for (let i = 0; i < 3; i++) {
			const r = await dynamic.requestedGroup();
			order.push(r.sequence);
			r.accept().finish();
		}
		expect(order).toEqual([2, 3, 1]);
		await Promise.all(fetches);
		dynamic.close();
	});

	it("a fetch joins an attempt already handed to a handler and raises its priority", async () => {
		const { producer } = track();
		const dynamic = producer.dynamic();
		const consumer = producer.consume();
		const first = consumer.fetchGroup(7, { priority: 1 });
		const request = await dynamic.requestedGroup();
		const joined = consumer.fetchGroup(7, { priority: 30 });
		expect(request.priority).toBe(30);
		const next = dynamic.requestedGroup();
		expect(await settled(next)).toEqual({ state: "pending" });
		request.accept().finish();
		expect((await first).sequence).toBe(7);
		expect((await joined).sequence).toBe(7);
		dynamic.close();
		await expect(next).rejects.toBeInstanceOf(ClosedError);
	});

	it("1,000 concurrent fetches of one sequence produce exactly one group request", async () => {
		const { producer } = track();
		const dynamic = producer.dynamic();
		const consumer = producer.consume();
		const fetches = Array.from({ length: 1000 }, (_, i) => consumer.fetchGroup(42, { priority: i % 256 }));
		const request = await dynamic.requestedGroup();
		expect(request.priority).toBe(255);
		// No second request is queued.
		expect(await settled(dynamic.requestedGroup())).toEqual({ state: "pending" });
		const group = request.accept();
		group.writeFrame(0, bytes(42));
		group.finish();
		const readers = await Promise.all(fetches);
		expect(readers).toHaveLength(1000);
		for (const r of readers) expect(r.sequence).toBe(42);
		expect((await readers[999]!.readFrame())?.payload).toEqual(bytes(42));
		dynamic.close();
	});

	it("dropping handlers mid-flight leaves no waiter hanging", async () => {
		const { producer } = track();
		const dynamics = [producer.dynamic(), producer.dynamic(), producer.dynamic()];
		const consumer = producer.consume();
		const fetches = Array.from({ length: 1000 }, (_, i) => consumer.fetchGroup(i % 50));
		const handlers = dynamics.map((d) => d.requestedGroup());
		// Some requests are taken (one answered, one left unanswered), the rest stay queued.
		const taken = await Promise.all(handlers);
		taken[0]!.accept().finish();
		const unanswered = await dynamics[1]!.requestedGroup();
		for (const d of dynamics) d.close();
		const results = await Promise.all(fetches.map((f) => settlesWithin(f)));
		const fulfilled = results.filter((r) => r.state === "fulfilled").length;
		expect(fulfilled).toBe(20); // the 1,000 fetches cover 50 sequences: 20 waiters per sequence
		for (const r of results) if (r.state === "rejected") expect(r.reason).toBeInstanceOf(Error);
		expect(() => unanswered.accept()).toThrow(ClosedError);
		expect((await settlesWithin(dynamics[0]!.requestedGroup())).state).toBe("rejected");
	});

	it("a handler waiting for requests is released when it closes", async () => {
		const { producer } = track();
		const dynamic = producer.dynamic();
		const waiting = dynamic.requestedGroup();
		expect(await settled(waiting)).toEqual({ state: "pending" });
		dynamic.close();
		expect((await settlesWithin(waiting)).state).toBe("rejected");
	});
});
