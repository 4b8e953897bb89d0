// Session scenarios written once, run over every pairing of our session and the reference (@moq/net 0.3.4)
// on a MemoryTransport pair: discovery, subscribe, bounds/updates, fetch (cached, in progress, coalesced,
// during a subscription), datagrams, teardown, missing broadcast/track, and version negotiation.
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { muteConsole, open, pairingName, PAIRINGS, prepareReference, type Frame, type Pair, type Pairing, until } from "./session-peers.js";

const pairs: Pair[] = [];
beforeAll(() => {
	prepareReference();
	muteConsole();
});
afterAll(() => vi.restoreAllMocks());
afterEach(() => {
	for (const p of pairs.splice(0)) p.close();
});

async function pair(p: Pairing, protocol?: string): Promise<Pair> {
	const opened = await open(p, protocol);
	pairs.push(opened);
	return opened;
}

/** A pair where the publisher's room/`name` already has the subscriber's subscription in place. */
async function subscribed(p: Pairing, name: string, timescale: number) {
	const s = await pair(p);
	const track = s.publish("room").track(name, timescale);
	const sub = await (await s.consume("room")).subscribe(name);
	await until(() => track.subscription() !== undefined);
	return { s, track, sub };
}

const frames = (g: number): Frame[] => [
	{ ts: 3000 * g, bytes: [g, 1] },
	{ ts: 3000 * g + 1500, bytes: [g, 2, 2] },
	{ ts: 3000 * g + 750, bytes: [] },
];

describe.each(PAIRINGS.map((p) => [pairingName(p), p] as const))("%s", (_, p) => {
	test("announce discovery: active, then ended", async () => {
		const s = await pair(p);
		const announced = s.announced();
		const b = s.publish("room/alice");
		expect(await announced.next()).toEqual({ path: "room/alice", active: true });
		b.close();
		expect(await announced.next()).toEqual({ path: "room/alice", active: false });
	});

	test("subscribe: N groups with their frames and timestamps", async () => {
		const { track, sub } = await subscribed(p, "video", 90000);
		for (let g = 0; g < 5; g++) track.group(frames(g));
		for (let g = 0; g < 5; g++) {
			const group = (await sub.recvGroup())!;
			expect(group.sequence).toBe(g);
			expect(await group.all()).toEqual(frames(g));
		}
	});

	test("track end: the subscriber gets every group, then the end", async () => {
		const { track, sub } = await subscribed(p, "video", 1000);
		track.group(frames(0));
		track.group(frames(1));
		track.finish();
		expect((await sub.recvGroup())!.sequence).toBe(0);
		expect((await sub.recvGroup())!.sequence).toBe(1);
		expect(await sub.recvGroup()).toBeUndefined();
	});

	test("subscription bounds and updates reach the publisher; parked groups flow once uncapped", async () => {
		const s = await pair(p);
		const track = s.publish("room").track("video", 1000);
		for (let g = 0; g < 6; g++) track.group(frames(g));
		const sub = await (await s.consume("room")).subscribe("video", { priority: 3, startGroup: 2, endGroup: 3 });
		await until(() => track.subscription() !== undefined);
		expect(track.subscription()).toEqual({ priority: 3, startGroup: 2, endGroup: 3 });
		const got = [(await sub.recvGroup())!.sequence, (await sub.recvGroup())!.sequence];
		expect(got).toEqual([2, 3]);
		sub.update({ priority: 7, startGroup: 2 });
		await until(() => track.subscription()?.priority === 7);
		expect(track.subscription()).toEqual({ priority: 7, startGroup: 2, endGroup: undefined });
		const rest = [(await sub.recvGroup())!.sequence, (await sub.recvGroup())!.sequence];
		expect(rest).toEqual([4, 5]);
	});

	test("unsubscribe tears the upstream subscription down", async () => {
		const { track, sub } = await subscribed(p, "video", 1000);
		track.group(frames(0));
		expect((await sub.recvGroup())!.sequence).toBe(0);
		sub.close();
		await until(() => track.subscription() === undefined);
	});

	test("closing the session settles a subscriber waiting for the next group", async () => {
		const { s, sub } = await subscribed(p, "video", 1000);
		const waiting = sub.recvGroup().then(
			() => "settled",
			() => "settled",
		);
		s.close();
		const outcome = await Promise.race([waiting, new Promise((r) => setTimeout(() => r("pending"), 1000))]);
		expect(outcome).toBe("settled");
	});

	test("subscribe to a missing broadcast or track fails cleanly", async () => {
		const s = await pair(p);
		s.publish("room").track("video", 1000);
		const b = await s.consume("room");
		// The reference publisher asks its application for unknown tracks of a published broadcast and, with no
		// handler, never answers TRACK: only a missing broadcast fails there.
		if (p[p.publisher] === "ours") await expect(b.subscribe("audio")).rejects.toBeInstanceOf(Error);
		// Our subscriber pulls unannounced paths through the peer, so the error surfaces on subscribe.
		const missing = await s.consume("nobody");
		await expect(missing.subscribe("video")).rejects.toBeInstanceOf(Error);
	});

	test("fetch a cached past group", async () => {
		const s = await pair(p);
		const track = s.publish("room").track("video", 90000);
		for (let g = 0; g < 4; g++) track.group(frames(g));
		const group = await (await s.consume("room")).fetch("video", 1);
		expect(group.sequence).toBe(1);
		expect(await group.all()).toEqual(frames(1));
	});

	test("fetch an in-progress group: frames stream until it finishes", async () => {
		const s = await pair(p);
		const track = s.publish("room").track("video", 1000);
		track.group(frames(0));
		const open = track.appendGroup();
		open.write(10, [1]);
		const group = await (await s.consume("room")).fetch("video", 1);
		expect(await group.next()).toEqual({ ts: 10, bytes: [1] });
		open.write(20, [2]);
		open.finish();
		expect(await group.all()).toEqual([{ ts: 20, bytes: [2] }]);
	});

	test("concurrent fetches of one group share one FETCH stream", async () => {
		const s = await pair(p);
		const track = s.publish("room").track("video", 1000);
		for (let g = 0; g < 3; g++) track.group(frames(g));
		const b = await s.consume("room");
		const [x, y] = await Promise.all([b.fetch("video", 2), b.fetch("video", 2)]);
		expect(await x.all()).toEqual(frames(2));
		expect(await y.all()).toEqual(frames(2));
		expect(s.fetches()).toBe(1);
	});

	// Spec §4.4 step 4, on our subscriber (the reference FINs its FETCH instead of resetting it).
	const ourSubscriber = p[p.publisher === "client" ? "server" : "client"] === "ours";

	test.runIf(ourSubscriber)("lite fetch teardown when the reader abandons an open group", async () => {
		const s = await pair(p);
		const track = s.publish("room").track("video", 1000);
		const open = track.appendGroup();
		open.write(10, [1]);
		const b = await s.consume("room");
		const group = await b.fetch("video", 0);
		expect(await group.next()).toEqual({ ts: 10, bytes: [1] });
		group.close();
		await until(() => s.cancelledFetches() === 1);
		// The cancelled group left the local cache: a new fetch opens a fresh stream and streams to the end.
		const again = await b.fetch("video", 0);
		expect(await again.next()).toEqual({ ts: 10, bytes: [1] });
		open.write(20, [2]);
		open.finish();
		expect(await again.all()).toEqual([{ ts: 20, bytes: [2] }]);
		expect(s.fetches()).toBe(2);
		expect(s.cancelledFetches()).toBe(1);
	});

	test.runIf(ourSubscriber)("coalesced fetch stays until every reader abandons the open group", async () => {
		const s = await pair(p);
		const track = s.publish("room").track("video", 1000);
		const open = track.appendGroup();
		open.write(10, [1]);
		const b = await s.consume("room");
		const [x, y] = await Promise.all([b.fetch("video", 0), b.fetch("video", 0)]);
		x.close();
		open.write(20, [2]);
		expect(await y.next()).toEqual({ ts: 10, bytes: [1] });
		expect(await y.next()).toEqual({ ts: 20, bytes: [2] });
		expect(s.cancelledFetches()).toBe(0);
		y.close();
		await until(() => s.cancelledFetches() === 1);
		expect(s.fetches()).toBe(1);
	});

	// The reference publisher never answers a FETCH on a track it closed, so only our publisher is asked.
	test.runIf(ourSubscriber && p[p.publisher] === "ours")("a finished remote track still FETCHes past groups it never cached", async () => {
		const s = await pair(p);
		const track = s.publish("room").track("video", 1000);
		for (let g = 0; g < 4; g++) track.group(frames(g));
		const b = await s.consume("room");
		const sub = await b.subscribe("video");
		await until(() => track.subscription() !== undefined);
		track.finish();
		expect((await sub.recvGroup())!.sequence).toBe(3);
		expect(await sub.recvGroup()).toBeUndefined();
		const past = await b.fetch("video", 1);
		expect(await past.all()).toEqual(frames(1));
		expect(s.fetches()).toBe(1);
	});

	test("fetch during a live subscription: both proceed", async () => {
		const s = await pair(p);
		const track = s.publish("room").track("video", 1000);
		for (let g = 0; g < 4; g++) track.group(frames(g));
		const b = await s.consume("room");
		const sub = await b.subscribe("video");
		await until(() => track.subscription() !== undefined);
		expect((await sub.recvGroup())!.sequence).toBe(3);
		const past = await b.fetch("video", 1);
		expect(await past.all()).toEqual(frames(1));
		track.group(frames(4));
		const live = (await sub.recvGroup())!;
		expect(live.sequence).toBe(4);
		expect(await live.all()).toEqual(frames(4));
		expect(s.fetches()).toBe(1);
	});

	test("datagrams: best-effort single-frame groups sharing the group sequence counter", async () => {
		const { track, sub } = await subscribed(p, "audio", 48000);
		track.group(frames(0));
		expect((await sub.recvGroup())!.sequence).toBe(0);
		for (let i = 1; i <= 3; i++) {
			expect(track.datagram(960 * i, [i, 9])).toBe(i);
			expect(await sub.recvDatagram()).toEqual({ sequence: i, ts: 960 * i, bytes: [i, 9] });
		}
		track.group(frames(4));
		const live = (await sub.recvGroup())!;
		expect(live.sequence).toBe(4);
		expect(await live.all()).toEqual(frames(4));
	});

	test.each(["moq-lite-03", "moq-lite-04"])("version %s: discovery and subscribe work, FETCH is refused", async (protocol) => {
		const s = await pair(p, protocol);
		const announced = s.announced();
		const track = s.publish("room").track("video", 1000);
		expect(await announced.next()).toEqual({ path: "room", active: true });
		const b = await s.consume("room");
		const sub = await b.subscribe("video");
		await until(() => track.subscription() !== undefined);
		track.group([{ ts: 0, bytes: [7, 7] }]);
		const group = (await sub.recvGroup())!;
		expect(group.sequence).toBe(0);
		// 03/04 frames carry no timestamp: the receiver stamps its own clock.
		expect((await group.all()).map((f) => f.bytes)).toEqual([[7, 7]]);
		// Group 9 is not cached locally, so only a wire FETCH could serve it: neither side sends one below 05.
		await expect(b.fetch("video", 9)).rejects.toBeInstanceOf(Error);
		expect(s.fetches()).toBe(0);
	});
});
