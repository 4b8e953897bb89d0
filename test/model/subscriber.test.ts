import { describe, expect, it } from "vitest";
import { bytes, settled, track } from "./helpers.js";

describe("subscription aggregate", () => {
	it("no subscriber means no subscription", () => {
		const { producer } = track();
		expect(producer.subscription).toBeUndefined();
	});

	it("combines max priority, AND of ordered, earliest explicit start and unbounded end", () => {
		const { producer } = track({ latencyMax: 10_000 });
		// Groups up to 9 exist, so starts 4 and 8 are behind the live edge (a start beyond it would yield to c's live edge).
		for (let i = 0; i < 10; i++) producer.appendGroup().finish();
		const a = producer.subscribe({ priority: 3, ordered: true, latencyMax: 100, startGroup: 8, endGroup: 20 });
		expect(producer.subscription).toEqual({ priority: 3, ordered: true, latencyMax: 100, startGroup: 8, endGroup: 20 });
		const b = producer.subscribe({ priority: 9, ordered: true, latencyMax: 50, startGroup: 4, endGroup: 30 });
		expect(producer.subscription).toEqual({ priority: 9, ordered: true, latencyMax: 100, startGroup: 4, endGroup: 30 });
		const c = producer.subscribe({ priority: 1 });
		// c is unordered, sets no start and no end: ordered drops, start stays the earliest set, end unbounded.
		expect(producer.subscription).toEqual({ priority: 9, ordered: false, latencyMax: 100, startGroup: 4, endGroup: undefined });
		c.close();
		b.close();
		expect(producer.subscription).toEqual({ priority: 3, ordered: true, latencyMax: 100, startGroup: 8, endGroup: 20 });
		a.close();
		expect(producer.subscription).toBeUndefined();
	});

	it("latencyMax of the aggregate is clamped to the track's latencyMax", () => {
		const { producer } = track({ latencyMax: 500 });
		producer.subscribe({ latencyMax: 200 });
		producer.subscribe({ latencyMax: 9000 });
		expect(producer.subscription?.latencyMax).toBe(500);
	});

	it("latencyMax is clamped through every update path", () => {
		const { producer } = track({ latencyMax: 500 });
		const sub = producer.subscribe({ latencyMax: 100 });
		sub.update({ latencyMax: 2000 });
		expect(producer.subscription?.latencyMax).toBe(500);
	});

	it("update changes the wire preference and notifies the producer", async () => {
		const { producer } = track();
		const sub = producer.subscribe({ priority: 1 });
		const changed = producer.subscriptionChanged();
		sub.update({ priority: 200 });
		expect((await changed)?.priority).toBe(200);
		expect(sub.subscription).toEqual({ priority: 200 });
	});

	it("a closed subscriber leaves no ghost in the aggregate and wakes the producer", async () => {
		const { producer } = track();
		const keep = producer.subscribe({ priority: 1 });
		const gone = producer.subscribe({ priority: 50 });
		const changed = producer.subscriptionChanged();
		gone.close();
		expect((await changed)?.priority).toBe(1);
		keep.close();
		expect(producer.subscription).toBeUndefined();
	});

	it("used and unused follow subscriber demand", async () => {
		const { producer } = track();
		const used = producer.used();
		expect(await settled(used)).toEqual({ state: "pending" });
		const sub = producer.subscribe();
		await used;
		const unused = producer.unused();
		expect(await settled(unused)).toEqual({ state: "pending" });
		sub.close();
		await unused;
	});

	it("a consumer subscription counts before the info is known, and resolves once it is", async () => {
		const { broadcast } = track();
		const tracks = broadcast.dynamic();
		const consumer = broadcast.consume().track("audio");
		const subscribing = consumer.subscribe({ priority: 6 });
		const request = await tracks.requestedTrack();
		expect(request.subscription?.priority).toBe(6);
		const producer = request.accept({ priority: 2 });
		const sub = await subscribing;
		expect(sub.info.priority).toBe(2);
		producer.writeFrame(0, bytes(1));
		expect((await sub.readFrame())?.payload).toEqual(bytes(1));
		tracks.close();
	});

	it("a rejected track request fails its subscribers", async () => {
		const { broadcast } = track();
		const tracks = broadcast.dynamic();
		const subscribing = broadcast.consume().track("nope").subscribe();
		const err = new Error("refused");
		(await tracks.requestedTrack()).reject(err);
		await expect(subscribing).rejects.toBe(err);
		tracks.close();
	});
});

describe("subscriber cursors: recvGroup, nextGroup, startAt, endAt", () => {
	it("a new subscriber starts at the live edge; startGroup replays cached groups from there", async () => {
		const { producer } = track();
		for (let i = 0; i < 4; i++) producer.writeFrame(i, bytes(i));
		expect((await producer.subscribe().recvGroup())?.sequence).toBe(3);
		expect((await producer.subscribe({ startGroup: 1 }).recvGroup())?.sequence).toBe(1);
	});

	it("recvGroup serves a late arrival after a newer group", async () => {
		const { producer } = track();
		const sub = producer.subscribe();
		producer.createGroup(5);
		expect((await sub.recvGroup())?.sequence).toBe(5);
		producer.createGroup(3);
		expect((await sub.recvGroup())?.sequence).toBe(3);
	});

	it("nextGroup skips late arrivals", async () => {
		const { producer } = track();
		const sub = producer.subscribe();
		producer.createGroup(5);
		expect((await sub.nextGroup())?.sequence).toBe(5);
		producer.createGroup(3);
		producer.createGroup(7);
		expect((await sub.nextGroup())?.sequence).toBe(7);
	});

	it("recvGroup finishes without waiting for gaps", async () => {
		const { producer } = track();
		const sub = producer.subscribe({ startGroup: 0 });
		producer.createGroup(0).finish();
		producer.createGroup(2).finish();
		producer.finish();
		expect((await sub.recvGroup())?.sequence).toBe(0);
		expect((await sub.recvGroup())?.sequence).toBe(2);
		expect(await sub.recvGroup()).toBeUndefined();
	});

	it("endAt parks recvGroup beyond the cap and a raised cap re-offers lowest first", async () => {
		const { producer } = track();
		const sub = producer.subscribe({ startGroup: 0 });
		sub.endAt(1);
		for (const s of [0, 3, 2, 1]) producer.createGroup(s);
		expect((await sub.recvGroup())?.sequence).toBe(0);
		expect((await sub.recvGroup())?.sequence).toBe(1);
		const parked = sub.recvGroup();
		expect(await settled(parked)).toEqual({ state: "pending" });
		sub.endAt(5);
		expect((await parked)?.sequence).toBe(2);
		expect((await sub.recvGroup())?.sequence).toBe(3);
	});

	it("recvGroup serves arrivals behind the cap while later groups stay parked", async () => {
		const { producer } = track();
		const sub = producer.subscribe({ startGroup: 0 });
		sub.endAt(4);
		producer.createGroup(9);
		const waiting = sub.recvGroup();
		producer.createGroup(2);
		expect((await waiting)?.sequence).toBe(2);
	});

	it("endAt caps nextGroup and releasing the cap drains the cached groups", async () => {
		const { producer } = track();
		const sub = producer.subscribe({ startGroup: 0 });
		sub.endAt(0);
		for (let i = 0; i < 3; i++) producer.createGroup(i).finish();
		expect((await sub.nextGroup())?.sequence).toBe(0);
		const capped = sub.nextGroup();
		expect(await settled(capped)).toEqual({ state: "pending" });
		sub.endAt();
		expect((await capped)?.sequence).toBe(1);
		expect((await sub.nextGroup())?.sequence).toBe(2);
	});

	it("lowering the cap below the cursor parks the reader until it rises again", async () => {
		const { producer } = track();
		const sub = producer.subscribe({ startGroup: 0 });
		producer.createGroup(0);
		expect((await sub.recvGroup())?.sequence).toBe(0);
		sub.endAt(0);
		producer.createGroup(1);
		const parked = sub.recvGroup();
		expect(await settled(parked)).toEqual({ state: "pending" });
		sub.endAt(1);
		expect((await parked)?.sequence).toBe(1);
	});

	it("startAt drops parked groups below the new floor", async () => {
		const { producer } = track();
		const sub = producer.subscribe({ startGroup: 0 });
		sub.endAt(0);
		for (let i = 1; i < 5; i++) producer.createGroup(i);
		sub.startAt(3);
		sub.endAt();
		expect((await sub.recvGroup())?.sequence).toBe(3);
		expect((await sub.recvGroup())?.sequence).toBe(4);
	});

	it("a completed track with parked groups keeps them readable once the cap rises", async () => {
		const { producer } = track();
		const sub = producer.subscribe({ startGroup: 0 });
		sub.endAt(0);
		producer.createGroup(0).finish();
		producer.createGroup(1).finish();
		producer.finish();
		expect((await sub.recvGroup())?.sequence).toBe(0);
		const parked = sub.recvGroup();
		expect(await settled(parked)).toEqual({ state: "pending" });
		sub.endAt(1);
		expect((await parked)?.sequence).toBe(1);
		expect(await sub.recvGroup()).toBeUndefined();
	});

	it("close ends reads with undefined and async iteration stops", async () => {
		const { producer } = track();
		const sub = producer.subscribe();
		const seen: number[] = [];
		const loop = (async () => {
			for await (const g of sub) seen.push(g.sequence);
		})();
		producer.createGroup(0);
		producer.createGroup(1);
		await new Promise((r) => setTimeout(r, 0));
		sub.close();
		await loop;
		expect(seen).toEqual([0, 1]);
		expect(await sub.closed).toBeNull();
	});
});
