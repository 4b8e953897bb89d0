// One stable hop id per relay (relay-ops.md §5 "Identity", moq-lite.md §6.6): every session and the upstream link
// of a relay send the configured id, so an announcement that comes back to a relay through another link is
// dropped, a triangle of relays does not loop one, and a repeated non-zero hop still closes the session (0x3).
import { afterEach, describe, expect, test } from "vitest";
import { AnnounceStatus, encodeAnnounce, encodeAnnounceOk, Version } from "../../src/codec/index.js";
import { SessionCode } from "../../src/error.js";
import { connect, type Session } from "../../src/lite/index.js";
import { type AnnouncedConsumer, OriginProducer } from "../../src/model/index.js";
import { Relay } from "../../src/relay/relay.js";
import { limitsWith } from "../../src/relay/limits.js";
import { linkUpstream } from "../../src/relay/upstream.js";
import { MemoryTransport } from "../../src/transport/memory.js";
import { RawReader } from "../lite/helpers.js";

const V = Version.Lite05;
const closers: (() => void)[] = [];
afterEach(() => {
	for (const c of closers.splice(0).reverse()) c();
});

/** A relay with `hopId`, linked upstream to `up` (a session it dials through memory), if given. */
function relay(hopId: number, up?: Relay): Relay {
	const r = new Relay({
		origin: new OriginProducer(),
		limits: limitsWith(),
		hopId,
		...(up ? { upstream: { url: "https://up/", dial: async () => adopted(up, "moq-lite-05") } } : {}),
	});
	closers.push(() => r.close());
	return r;
}

/** The client end of a memory transport whose server end `r` adopted. */
function adopted(r: Relay, protocol: string): MemoryTransport {
	const { client, server } = MemoryTransport.pair({ protocol });
	r.adopt(server, { address: "memory", transport: "websocket" });
	return client;
}

async function join(r: Relay, protocol: string, options: Parameters<typeof connect>[1]): Promise<Session> {
	const s = await connect(adopted(r, protocol), options);
	closers.push(() => s.close());
	return s;
}

async function next(a: AnnouncedConsumer): Promise<[string, boolean]> {
	const x = (await a.next())!;
	return [x.path, x.broadcast !== undefined];
}

/** Resolves once `r` no longer announces `path` (at once if it does not now). */
async function withdrawn(r: Relay, path: string): Promise<void> {
	const a = r.origin.consume().announced(path);
	let live = a.ready().some((x) => x.path === path && x.broadcast !== undefined);
	while (live) live = (await next(a))[1];
	a.close();
}

describe("one hop id per relay", () => {
	test("every session of a relay and its upstream link carry the configured id (SETUP and ANNOUNCE_OK)", async () => {
		const top = relay(7001);
		const edge = relay(7002, top);
		const upLink = await edge.upstream!.connected;
		expect((await upLink.peerSetup).origin).toBe(7001);
		const [atTop] = [...top.sessions];
		expect((await atTop!.peerSetup).origin).toBe(7002);
		for (const protocol of ["moq-lite-05", "moq-lite-06"]) {
			const s = await join(edge, protocol, {});
			expect((await s.peerSetup).origin).toBe(7002);
		}
		// A broadcast published at the top reaches an edge viewer with the chain publisher → top → edge.
		const source = new OriginProducer();
		source.createBroadcast("room");
		const publisher = await join(top, "moq-lite-05", { publish: source.consume() });
		const viewer = new OriginProducer();
		await join(edge, "moq-lite-05", { subscribe: viewer });
		expect((await viewer.consume().announcedBroadcast("room")).hops).toEqual([publisher.origin, 7001, 7002]);
	});

	test("an announcement that comes back through another link carries our id and is dropped", async () => {
		const r = relay(4242);
		const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
		r.adopt(server, { address: "memory", transport: "websocket" });
		// A raw peer: the relay opens its announce stream to us; we answer with two announcements.
		const { value } = await client.incomingBidirectionalStreams.getReader().read();
		const reader = new RawReader(value!.readable);
		expect(await reader.varint()).toBe(1);
		await reader.message("announceRequest", V);
		const w = value!.writable.getWriter();
		await w.write(encodeAnnounceOk({ origin: 9, activeCount: 0 }, V));
		// 4242 in the chain: it went through this relay on some other link (ids differ per link no more).
		await w.write(encodeAnnounce({ status: AnnounceStatus.Active, suffix: "looped", hops: [5, 4242, 8] }, V));
		await w.write(encodeAnnounce({ status: AnnounceStatus.Active, suffix: "fresh", hops: [5, 8] }, V));
		const announced = r.origin.consume().announced();
		// In order on one stream: once "fresh" is there, "looped" was read and dropped.
		expect(await next(announced)).toEqual(["fresh", true]);
		expect(announced.ready()).toEqual([]);
		announced.close();
		await expect(r.origin.consume().requestBroadcast("looped")).rejects.toMatchObject({ code: 0x36 });
		// A repeated non-zero hop is a violation: the session closes with 0x3, as on every version (§6 item 4).
		await w.write(encodeAnnounce({ status: AnnounceStatus.Active, suffix: "twice", hops: [5, 6, 5] }, V));
		expect(await client.closed).toMatchObject({ closeCode: SessionCode.ProtocolViolation });
	});

	test("a triangle of three relays does not loop an announcement", async () => {
		// a ← b ← c: c learns "room" through b; then the link c → a closes the triangle.
		const a = relay(1);
		const b = relay(2, a);
		const source = new OriginProducer();
		const room = source.createBroadcast("room");
		const publisher = await join(a, "moq-lite-05", { publish: source.consume() });
		await b.upstream!.connected;
		const c = relay(3, b);
		await c.upstream!.connected;
		await c.origin.consume().announcedBroadcast("room");
		const closing = linkUpstream("https://a/", c.origin, { dial: async () => adopted(a, "moq-lite-05"), hopId: c.hopId });
		closers.push(() => closing.close());
		await closing.connected;
		// A viewer on a: "room" once, from a's own publisher, never also via c (its chain holds a's id).
		const viewer = new OriginProducer();
		await join(a, "moq-lite-06", { subscribe: viewer });
		const seen = viewer.consume().announced();
		expect(await next(seen)).toEqual(["room", true]);
		const chain = (await viewer.consume().announcedBroadcast("room")).hops;
		expect(chain).toEqual([publisher.origin, 1]);
		// The publisher leaves: the route ends everywhere, and nothing re-announces it through the loop. A marker
		// announced after the end reaches the viewer next, on the same announce stream.
		room.finish();
		expect(await next(seen)).toEqual(["room", false]);
		for (const r of [b, c]) await withdrawn(r, "room");
		a.origin.createBroadcast("marker");
		expect(await next(seen)).toEqual(["marker", true]);
		seen.close();
	});
});
