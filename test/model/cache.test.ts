import { describe, expect, it } from "vitest";
import { EvictedError, NotFoundError, OldError } from "../../src/error.js";
import { OriginProducer, Pool } from "../../src/model/index.js";
import { Clock, bytes, settled, track } from "./helpers.js";

describe("cache expiry by idle time since last access", () => {
	it("groups idle longer than latencyMax are expired with Old on the next insert", async () => {
		const clock = new Clock();
		const { producer } = track({ latencyMax: 100 }, clock);
		const old = producer.createGroup(0);
		const reader = old.consume();
		producer.createGroup(1);
		clock.advance(150);
		producer.createGroup(2);
		await expect(reader.readFrame()).rejects.toBeInstanceOf(OldError);
		expect(await old.closed).toBeInstanceOf(OldError);
		await expect(producer.consume().fetchGroup(0)).rejects.toBeInstanceOf(NotFoundError);
		await expect(producer.consume().fetchGroup(1)).rejects.toBeInstanceOf(NotFoundError);
		expect((await producer.consume().fetchGroup(2)).sequence).toBe(2);
	});

	it("nothing is expired while groups are fresh", async () => {
		const clock = new Clock();
		const { producer } = track({ latencyMax: 100 }, clock);
		producer.createGroup(0);
		clock.advance(100);
		producer.createGroup(1);
		expect((await producer.consume().fetchGroup(0)).sequence).toBe(0);
	});

	it("the newest group is never expired", async () => {
		const clock = new Clock();
		const { producer } = track({ latencyMax: 10 }, clock);
		const dynamic = producer.dynamic();
		producer.createGroup(9);
		clock.advance(1000);
		// A backfill insert triggers the expiry scan; 9 is still the highest sequence.
		const fetch = producer.consume().fetchGroup(1);
		(await dynamic.requestedGroup()).accept().finish();
		await fetch;
		expect(producer.latestGroup()?.sequence).toBe(9);
		expect((await producer.consume().fetchGroup(9)).sequence).toBe(9);
		dynamic.close();
	});

	it("a frame write restarts the retention clock", async () => {
		const clock = new Clock();
		const { producer } = track({ latencyMax: 100 }, clock);
		const open = producer.createGroup(0);
		producer.createGroup(1);
		clock.advance(90);
		open.writeFrame(0, bytes(1));
		clock.advance(60);
		producer.createGroup(2);
		expect((await producer.consume().fetchGroup(0)).sequence).toBe(0);
		await expect(producer.consume().fetchGroup(1)).rejects.toBeInstanceOf(NotFoundError);
	});

	it("a fetch hit refreshes the group so it survives expiry", async () => {
		const clock = new Clock();
		const { producer } = track({ latencyMax: 100 }, clock);
		producer.createGroup(0).finish();
		producer.createGroup(1).finish();
		clock.advance(90);
		await producer.consume().fetchGroup(0);
		clock.advance(60);
		producer.createGroup(2);
		expect((await producer.consume().fetchGroup(0)).sequence).toBe(0);
		await expect(producer.consume().fetchGroup(1)).rejects.toBeInstanceOf(NotFoundError);
	});

	it("an expired sequence can be created or fetched again", async () => {
		const clock = new Clock();
		const { producer } = track({ latencyMax: 10 }, clock);
		producer.createGroup(0);
		producer.createGroup(1);
		clock.advance(20);
		producer.createGroup(2);
		const again = producer.createGroup(0);
		again.writeFrame(0, bytes(3));
		expect((await (await producer.consume().fetchGroup(0)).readFrame())?.payload).toEqual(bytes(3));
	});

	it("a subscriber skips groups that expired before it read them", async () => {
		const clock = new Clock();
		const { producer } = track({ latencyMax: 10 }, clock);
		const sub = producer.subscribe({ startGroup: 0 });
		producer.createGroup(0);
		producer.createGroup(1);
		clock.advance(20);
		producer.createGroup(2);
		expect((await sub.recvGroup())?.sequence).toBe(2);
	});

	it("parked groups that expire are dropped", async () => {
		const clock = new Clock();
		const { producer } = track({ latencyMax: 10 }, clock);
		const sub = producer.subscribe({ startGroup: 0 });
		sub.endAt(0);
		producer.createGroup(0);
		producer.createGroup(1);
		producer.createGroup(2);
		clock.advance(20);
		// Each insert examines up to 4 cached groups, so a few inserts sweep every expired one.
		for (let s = 3; s < 6; s++) producer.createGroup(s);
		sub.endAt();
		expect((await sub.recvGroup())?.sequence).toBe(3);
	});
});

describe("origin-wide byte budget", () => {
	it("evicts the least recently accessed groups with Evicted once over capacity", async () => {
		// Each group costs its payload plus 256 bytes of bookkeeping.
		const pool = new Pool(3 * (1000 + 256));
		const { producer } = track({ latencyMax: 60_000 }, { pool });
		const groups = [0, 1, 2].map((s) => {
			const g = producer.createGroup(s);
			g.writeFrame(0, new Uint8Array(1000));
			g.finish();
			return g;
		});
		const readers = groups.map((g) => g.consume());
		await producer.consume().fetchGroup(0); // 0 is now more recent than 1
		const g3 = producer.createGroup(3);
		g3.writeFrame(0, new Uint8Array(1000));
		await expect(readers[1]!.readFrame()).rejects.toBeInstanceOf(EvictedError);
		await expect(producer.consume().fetchGroup(1)).rejects.toBeInstanceOf(NotFoundError);
		expect((await readers[0]!.readFrame())?.payload.byteLength).toBe(1000);
		expect((await readers[2]!.readFrame())?.payload.byteLength).toBe(1000);
		expect(pool.used).toBeLessThanOrEqual(pool.capacity);
	});

	it("charges only retained frames, and dropping old frames does not age the group", async () => {
		const clock = new Clock();
		const pool = new Pool(1 << 20);
		const { producer } = track({ latencyMax: 100 }, { now: clock.now, pool });
		clock.advance(200);
		const group = producer.createGroup(0);
		for (let i = 0; i < 1030; i++) group.writeFrame(i, new Uint8Array(10));
		expect(pool.used).toBe(1024 * 10 + 256);
		clock.advance(50);
		producer.createGroup(1);
		expect((await producer.consume().fetchGroup(0)).frameCount).toBe(1030);
	});

	it("spans tracks and never evicts a track's newest group", async () => {
		const pool = new Pool(2000);
		const a = track({}, { pool }).producer;
		const b = track({}, { pool }).producer;
		const a0 = a.createGroup(0);
		a0.writeFrame(0, new Uint8Array(1500));
		const b0 = b.createGroup(0);
		b0.writeFrame(0, new Uint8Array(1500));
		// Both are their track's newest: the pool stays over budget rather than evict them.
		expect(await settled(a0.closed)).toEqual({ state: "pending" });
		const a1 = a.createGroup(1);
		a1.writeFrame(0, new Uint8Array(10));
		expect(await a0.closed).toBeInstanceOf(EvictedError);
		expect(await settled(b0.closed)).toEqual({ state: "pending" });
		expect(pool.used).toBe(1500 + 256 + 10 + 256);
		b0.finish();
	});

	it("an origin's pool is shared by the tracks of all its broadcasts", async () => {
		const pool = new Pool(2 * (1000 + 256));
		const origin = new OriginProducer({ pool });
		const a = origin.createBroadcast("a").createTrack("t");
		const b = origin.createBroadcast("b").createTrack("t");
		const a0 = a.createGroup(0);
		a0.writeFrame(0, new Uint8Array(1000));
		const reader = a0.consume();
		a.createGroup(1);
		b.createGroup(0).writeFrame(0, new Uint8Array(1000));
		await expect(reader.readFrame()).rejects.toBeInstanceOf(EvictedError);
		expect(pool.used).toBeLessThanOrEqual(pool.capacity);
	});
});
