import { describe, expect, it, vi } from "vitest";
import { BoundsExceededError, ClosedError, DuplicateError, ErrorCode, NotFoundError, UnroutableError } from "../../src/error.js";
import { BroadcastProducer, OriginProducer, type Announcement, type AnnouncedConsumer } from "../../src/model/index.js";
import { Notify } from "../../src/model/notify.js";
import { hasPrefix, normalizePath } from "../../src/path.js";
import { bytes, settled } from "./helpers.js";

async function take(announced: AnnouncedConsumer, n: number): Promise<[string, boolean][]> {
	const out: [string, boolean][] = [];
	for (let i = 0; i < n; i++) {
		const a = (await announced.next()) as Announcement;
		out.push([a.path, a.broadcast !== undefined]);
	}
	return out;
}

describe("paths", () => {
	it("normalizes slashes and refuses more than 32 segments", () => {
		expect(normalizePath("/a//b/")).toBe("a/b");
		expect(normalizePath("")).toBe("");
		expect(() => normalizePath(Array(33).fill("x").join("/"))).toThrow(BoundsExceededError);
		expect(normalizePath(Array(32).fill("x").join("/")).split("/")).toHaveLength(32);
	});

	it("matches prefixes on whole segments only", () => {
		expect(hasPrefix("a/b", "a")).toBe(true);
		expect(hasPrefix("a", "a")).toBe(true);
		expect(hasPrefix("ab", "a")).toBe(false);
		expect(hasPrefix("anything", "")).toBe(true);
	});
});

describe("origin announcements", () => {
	it("announced replays the current set, then reports updates", async () => {
		const origin = new OriginProducer();
		const one = origin.createBroadcast("room/one");
		const announced = origin.consume().announced("room");
		expect(await take(announced, 1)).toEqual([["room/one", true]]);
		origin.createBroadcast("room/two");
		origin.createBroadcast("roommate"); // not under "room" segment-wise
		expect(await take(announced, 1)).toEqual([["room/two", true]]);
		one.finish();
		expect(await take(announced, 1)).toEqual([["room/one", false]]);
		announced.close();
		expect(await announced.next()).toBeUndefined();
	});

	it("an announce withdrawn before it was read is never delivered", async () => {
		const origin = new OriginProducer();
		const announced = origin.consume().announced();
		origin.createBroadcast("flash").abort(new Error("gone"));
		origin.createBroadcast("stays");
		expect(await take(announced, 1)).toEqual([["stays", true]]);
	});

	it("a replacement reads as unannounce then announce", async () => {
		const origin = new OriginProducer();
		const announced = origin.consume().announced();
		const first = origin.createBroadcast("p");
		expect(await take(announced, 1)).toEqual([["p", true]]);
		first.finish();
		origin.createBroadcast("p");
		expect(await take(announced, 2)).toEqual([
			["p", false],
			["p", true],
		]);
	});

	it("announcedBroadcast waits for a late publisher", async () => {
		const origin = new OriginProducer();
		const waiting = origin.consume().announcedBroadcast("/late/");
		expect(await settled(waiting)).toEqual({ state: "pending" });
		origin.createBroadcast("late").createTrack("t").writeFrame(0, bytes(1));
		const broadcast = await waiting;
		expect((await broadcast.track("t").fetchGroup(0)).sequence).toBe(0);
	});

	it("announcedBroadcast honours an AbortSignal", async () => {
		const origin = new OriginProducer();
		const controller = new AbortController();
		const waiting = origin.consume().announcedBroadcast("never", { signal: controller.signal });
		controller.abort(new ClosedError("gave up"));
		await expect(waiting).rejects.toBeInstanceOf(ClosedError);
	});

	it("a live path cannot be announced twice", () => {
		const origin = new OriginProducer();
		origin.createBroadcast("a");
		expect(() => origin.createBroadcast("/a")).toThrow(DuplicateError);
	});

	it("withRoot scopes both publishing and consuming", async () => {
		const origin = new OriginProducer();
		origin.withRoot("tenant").createBroadcast("cam");
		origin.createBroadcast("other");
		const scoped = origin.consume().withRoot("tenant");
		expect(await take(scoped.announced(), 1)).toEqual([["cam", true]]);
		expect(await settled(scoped.requestBroadcast("cam"))).toMatchObject({ state: "fulfilled" });
		await expect(scoped.requestBroadcast("other")).rejects.toBeInstanceOf(UnroutableError);
	});
});

describe("routes", () => {
	it("hops set on a broadcast's producer are what every consumer handle of it sees", async () => {
		const origin = new OriginProducer();
		const producer = origin.createBroadcast("relayed");
		expect(producer.hops).toEqual([]);
		const hops = [7, 2n ** 60n];
		producer.hops = hops;
		hops.push(9);
		const announced = await origin.consume().announced().next();
		expect(announced?.broadcast?.hops).toEqual([7, 2n ** 60n]);
		producer.hops = [8];
		expect((await origin.consume().requestBroadcast("relayed")).hops).toEqual([8]);
		expect(Object.isFrozen(producer.hops)).toBe(true);
	});
});

describe("prefix routes (moq-lite-versions §2.4)", () => {
	/** An announcement at `path` serving every path below it with a broadcast that records which route served it. */
	function route(origin: OriginProducer, path: string, asked: string[] = []): BroadcastProducer {
		return origin.createBroadcast(path, {
			below: (p) => {
				asked.push(p);
				const b = new BroadcastProducer();
				b.createTrack(path);
				return b;
			},
		});
	}
	const servedBy = (b: { track(name: string): unknown }, name: string) => expect(() => b.track(name)).not.toThrow();

	it("a path resolves to the announcement of its longest segment-wise prefix, shared while alive, never announced", async () => {
		const origin = new OriginProducer();
		const announced = origin.consume().announced();
		route(origin, "live");
		route(origin, "live/eu");
		expect((await announced.next())?.path).toBe("live");
		expect((await announced.next())?.path).toBe("live/eu");
		const consumer = origin.consume();
		servedBy(await consumer.requestBroadcast("live/eu/alice/cam"), "live/eu");
		servedBy(await consumer.requestBroadcast("live/us"), "live");
		servedBy(await consumer.requestBroadcast("live/eux"), "live");
		await expect(consumer.requestBroadcast("livestream")).rejects.toBeInstanceOf(UnroutableError);
		expect(await settled(announced.next())).toEqual({ state: "pending" });
		announced.close();
	});

	it("the handle's root applies to the paths handed to the route", async () => {
		const origin = new OriginProducer();
		const asked: string[] = [];
		route(origin.withRoot("tenant"), "live", asked);
		await origin.consume().requestBroadcast("tenant/live/alice");
		await origin.consume().withRoot("tenant/live").requestBroadcast("bob");
		expect(asked).toEqual(["live/alice", "live/bob"]);
	});

	it("concurrent and repeat requests of one path below a route ask the route once", async () => {
		const origin = new OriginProducer();
		const asked: string[] = [];
		route(origin, "live", asked);
		const consumer = origin.consume();
		const [a, b] = await Promise.all([consumer.requestBroadcast("live/x"), consumer.requestBroadcast("live/x")]);
		a.track("live");
		b.track("live");
		await consumer.requestBroadcast("live/x");
		expect(asked).toEqual(["live/x"]);
	});

	it("an exact announcement shadows the broader route; the route's refusal is final (no fall-through)", async () => {
		const origin = new OriginProducer();
		const asked: string[] = [];
		route(origin, "live", asked);
		origin.createBroadcast("live/alice").createTrack("exact");
		// A plain announcement serves only itself: paths below it are refused, not handed to "live".
		origin.createBroadcast("live/bob");
		const dynamic = origin.dynamic();
		const consumer = origin.consume();
		servedBy(await consumer.requestBroadcast("live/alice"), "exact");
		await expect(consumer.requestBroadcast("live/bob/cam")).rejects.toMatchObject({ code: ErrorCode.Unroutable });
		// A route that throws refuses with its error.
		origin.createBroadcast("live/carol", {
			below: () => {
				throw new DuplicateError("busy");
			},
		});
		await expect(consumer.requestBroadcast("live/carol/x")).rejects.toBeInstanceOf(DuplicateError);
		expect(asked).toEqual([]);
		// Nor does a covering route ever reach the on-demand handler.
		expect(await settled(dynamic.requestedBroadcast({ signal: AbortSignal.abort() }))).toMatchObject({ state: "rejected" });
		dynamic.close();
	});

	it("a withdrawn route no longer serves; a more specific one announced later takes the paths below it", async () => {
		const origin = new OriginProducer();
		const broad = route(origin, "live");
		const consumer = origin.consume();
		const before = await consumer.requestBroadcast("live/eu/alice");
		servedBy(before, "live");
		const narrow = route(origin, "live/eu");
		servedBy(await consumer.requestBroadcast("live/eu/alice"), "live/eu");
		narrow.finish();
		servedBy(await consumer.requestBroadcast("live/eu/alice"), "live");
		broad.finish();
		await expect(consumer.requestBroadcast("live/eu/alice")).rejects.toBeInstanceOf(UnroutableError);
	});
});

describe("requestBroadcast and OriginDynamic", () => {
	it("fails fast with Unroutable (30) when nothing is announced and no handler exists", async () => {
		const origin = new OriginProducer();
		await expect(origin.consume().requestBroadcast("x")).rejects.toMatchObject({ code: ErrorCode.Unroutable });
		await expect(origin.consume().requestBroadcast("x")).rejects.toBeInstanceOf(UnroutableError);
	});

	it("a handler serves an unannounced path, which is never announced", async () => {
		const origin = new OriginProducer();
		const announced = origin.consume().announced();
		const dynamic = origin.dynamic();
		const requesting = origin.consume().requestBroadcast("/remote/cam/");
		const request = await dynamic.requestedBroadcast();
		expect(request.path).toBe("remote/cam");
		const served = new BroadcastProducer();
		served.createTrack("video").writeFrame(0, bytes(8));
		request.accept(served);
		const broadcast = await requesting;
		expect((await (await broadcast.track("video").fetchGroup(0)).readFrame())?.payload).toEqual(bytes(8));
		expect(await settled(announced.next())).toEqual({ state: "pending" });
		announced.close();
		dynamic.close();
	});

	it("concurrent requests for one path coalesce into one handler request", async () => {
		const origin = new OriginProducer();
		const dynamic = origin.dynamic();
		const consumer = origin.consume();
		const a = consumer.requestBroadcast("p");
		const b = consumer.requestBroadcast("p");
		const request = await dynamic.requestedBroadcast();
		expect(await settled(dynamic.requestedBroadcast())).toEqual({ state: "pending" });
		const served = new BroadcastProducer();
		served.createTrack("t");
		request.accept(served);
		const [ba, bb] = await Promise.all([a, b]);
		expect(ba.track("t").name).toBe("t");
		expect(bb.track("t").name).toBe("t");
		dynamic.close();
	});

	it("a request already taken by a handler stays joinable until answered", async () => {
		const origin = new OriginProducer();
		const dynamic = origin.dynamic();
		const first = origin.consume().requestBroadcast("p");
		const request = await dynamic.requestedBroadcast();
		const joined = origin.consume().requestBroadcast("p");
		const next = dynamic.requestedBroadcast();
		expect(await settled(next)).toEqual({ state: "pending" });
		const served = new BroadcastProducer();
		request.accept(served);
		expect(await first).toBeDefined();
		expect(await joined).toBeDefined();
		dynamic.close();
		await expect(next).rejects.toBeInstanceOf(ClosedError);
	});

	it("a served broadcast still alive is shared by later requests without a new handler request", async () => {
		const origin = new OriginProducer();
		const dynamic = origin.dynamic();
		const first = origin.consume().requestBroadcast("p");
		const served = new BroadcastProducer();
		served.createTrack("t");
		(await dynamic.requestedBroadcast()).accept(served);
		await first;
		const again = await origin.consume().requestBroadcast("p");
		expect(again.track("t").name).toBe("t");
		const next = dynamic.requestedBroadcast();
		expect(await settled(next)).toEqual({ state: "pending" });
		served.finish();
		const fresh = origin.consume().requestBroadcast("p");
		expect((await next).path).toBe("p");
		dynamic.close();
		await expect(fresh).rejects.toBeInstanceOf(UnroutableError);
	});

	it("a rejection fails every requester, and a new request may follow", async () => {
		const origin = new OriginProducer();
		const dynamic = origin.dynamic();
		const a = origin.consume().requestBroadcast("p");
		const b = origin.consume().requestBroadcast("p");
		const err = new NotFoundError("upstream has no p");
		(await dynamic.requestedBroadcast()).reject(err);
		await expect(a).rejects.toBe(err);
		await expect(b).rejects.toBe(err);
		const retry = origin.consume().requestBroadcast("p");
		expect((await dynamic.requestedBroadcast()).path).toBe("p");
		dynamic.close();
		await expect(retry).rejects.toBeInstanceOf(UnroutableError);
	});

	it("closing the last handler fails queued requests; one left keeps them alive", async () => {
		const origin = new OriginProducer();
		const one = origin.dynamic();
		const two = origin.dynamic();
		const requesting = origin.consume().requestBroadcast("p");
		one.close();
		expect(await settled(requesting)).toEqual({ state: "pending" });
		two.close();
		await expect(requesting).rejects.toBeInstanceOf(UnroutableError);
		await expect(one.requestedBroadcast()).rejects.toBeInstanceOf(ClosedError);
	});

	it("an announced broadcast is preferred over the handler", async () => {
		const origin = new OriginProducer();
		const dynamic = origin.dynamic();
		origin.createBroadcast("p").createTrack("announced");
		const broadcast = await origin.consume().requestBroadcast("p");
		expect(broadcast.track("announced").name).toBe("announced");
		expect(await settled(dynamic.requestedBroadcast())).toEqual({ state: "pending" });
		dynamic.close();
	});

	it("an announcement answers a request still waiting for a handler", async () => {
		const origin = new OriginProducer();
		const dynamic = origin.dynamic();
		const requesting = origin.consume().requestBroadcast("p");
		origin.createBroadcast("p").createTrack("t");
		expect((await requesting).track("t").name).toBe("t");
		dynamic.close();
	});

	it("a handler rooted below a prefix only sees requests under it, with relative paths", async () => {
		const origin = new OriginProducer();
		const dynamic = origin.withRoot("relay").dynamic();
		await expect(origin.consume().requestBroadcast("elsewhere")).rejects.toBeInstanceOf(UnroutableError);
		const requesting = origin.consume().requestBroadcast("relay/a/b");
		const request = await dynamic.requestedBroadcast();
		expect(request.path).toBe("a/b");
		request.reject(new ClosedError("no"));
		await expect(requesting).rejects.toBeInstanceOf(ClosedError);
		dynamic.close();
	});

	it("a request taken but never answered fails when its handler closes", async () => {
		const origin = new OriginProducer();
		const dynamic = origin.dynamic();
		const requesting = origin.consume().requestBroadcast("p");
		const request = await dynamic.requestedBroadcast();
		dynamic.close();
		await expect(requesting).rejects.toBeInstanceOf(UnroutableError);
		expect(() => request.accept(new BroadcastProducer())).toThrow(ClosedError);
	});

	it("10,000 lookups of missing paths wait without being woken by announce churn elsewhere", async () => {
		const origin = new OriginProducer();
		const consumer = origin.consume();
		const stop = new AbortController();
		const lookups = Array.from({ length: 10_000 }, (_, i) => consumer.announcedBroadcast(`missing/${i}`, { signal: stop.signal }));
		for (const l of lookups) l.catch(() => {});
		await settled(Promise.resolve());
		// Every wake of a waiter re-arms its wait: count re-arms while other paths churn.
		const waits = vi.spyOn(Notify.prototype, "wait");
		for (let i = 0; i < 200; i++) origin.createBroadcast("churn").finish();
		await settled(Promise.resolve());
		expect(waits).not.toHaveBeenCalled();
		// The path a lookup waits for does wake it.
		const served = origin.createBroadcast("missing/7");
		expect((await settled(lookups[7]!)).state).toBe("fulfilled");
		waits.mockRestore();
		stop.abort();
		served.finish();
		const results = await Promise.allSettled(lookups);
		expect(results.filter((r) => r.status === "rejected").length).toBe(9_999);
	});
});
