// @moq/net 0.1.9 (the library of @moq/publish 0.2.17) against our relay (listen()): over WebSocket it offers only
// the bare `qmux-01, qmux-00, webtransport` subprotocols and lands on moq-lite-02 by legacy SETUP; over WebTransport
// it lands on moq-lite-04 when offered that, on 02 when no protocol is selected (moq-lite-versions §3.1, §6 item 18).
import * as Moq from "@moq/net";
import * as Old from "moq-net-019";
import { afterEach, beforeAll, expect, test, vi } from "vitest";
import { WebSocket } from "ws";
import { Version } from "../../src/codec/index.js";
import { connect, type Session } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { systemClock } from "../../src/model/clock.js";
import { type Endpoint, listen } from "../../src/node/endpoint.js";
import { connectQuic } from "../../src/transport/quic/index.js";
import { connectWebSocket } from "../../src/transport/websocket/client.js";
import { prepareReference, until } from "./session-peers.js";

const closers: (() => unknown)[] = [];
beforeAll(() => {
	prepareReference();
	(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
	if (!process.env.LEGACY_DEBUG) for (const level of ["log", "debug", "info", "warn", "error"] as const) vi.spyOn(console, level).mockImplementation(() => {});
});
afterEach(async () => {
	for (const c of closers.splice(0).reverse()) await c();
});

/** Our relay on a free port; `quic`: WebTransport/raw QUIC on the UDP port of the same number too. */
async function relay(quic = false): Promise<{ endpoint: Endpoint; origin: OriginProducer; url: URL }> {
	const origin = new OriginProducer();
	const endpoint = await listen({ bind: "127.0.0.1:0", origin, quic });
	closers.push(() => endpoint.close());
	return { endpoint, origin, url: new URL(`http://127.0.0.1:${endpoint.port}/`) };
}

/** 0.1.9 over WebSocket (Node has no WebTransport, so it goes straight to its QMux fallback). */
async function old(url: URL) {
	const conn = await Old.Connection.connect(url, { websocket: { delay: 0 } });
	closers.push(() => conn.close());
	return conn;
}

/** 0.1.9 publishes `cam`; resolves with the first track the relay asks it for. */
function publishCam(conn: Awaited<ReturnType<typeof Old.Connection.connect>>) {
	const broadcast = new Old.Broadcast();
	conn.publish(Old.Path.from("cam"), broadcast);
	return broadcast.requested();
}

/** Our client on 06 over WebSocket; the relay's broadcasts appear in the returned origin. */
async function oursOn(url: URL): Promise<{ session: Session; remote: OriginProducer }> {
	const remote = new OriginProducer();
	const session = await connect(await connectWebSocket(url), { subscribe: remote });
	closers.push(() => session.close());
	return { session, remote };
}

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

async function frames(g: { readFrame(): Promise<Uint8Array | undefined> }): Promise<string[]> {
	const out: string[] = [];
	for (let f = await g.readFrame(); f; f = await g.readFrame()) out.push(text(f));
	return out;
}

test("a 0.1.9 subscriber over WebSocket lands on moq-lite-02 and receives our groups in order", async () => {
	const { endpoint, origin, url } = await relay();
	const track = origin.createBroadcast("room").createTrack("video", { timescale: 1000 });
	const conn = await old(url);
	expect(conn.version).toBe("moq-lite-02");
	const sub = conn.consume(Old.Path.from("room")).subscribe("video", 0);
	await until(() => track.subscription !== undefined);
	expect([...endpoint.sessions].map((s) => s.version)).toEqual([Version.Lite02]);
	for (let g = 0; g < 3; g++) {
		const group = track.appendGroup();
		group.writeFrame(g * 10, bytes(`g${g}f0`));
		group.writeFrame(g * 10 + 1, bytes(`g${g}f1`));
		group.finish();
		const got = (await sub.recvGroup())!;
		expect(got.sequence).toBe(g);
		expect(await frames(got)).toEqual([`g${g}f0`, `g${g}f1`]);
	}
});

test("a 0.1.9 publisher over WebSocket (02) feeds a 0.3.4 subscriber (05) and one of ours (06) through the relay, frames and order intact", async () => {
	const { endpoint, url } = await relay();
	const requested = publishCam(await old(url));
	const { session: ours, remote } = await oursOn(url);
	const theirs = await Moq.Connection.connect(url, { websocket: { delay: 0 } });
	closers.push(() => theirs.close());
	expect(ours.protocol).toBe("moq-lite-06");
	expect(theirs.version).toBe("moq-lite-05");

	// Ours learns of the broadcast from the relay, which learnt it from 0.1.9's ANNOUNCE_INIT / ANNOUNCE.
	const announced = remote.consume().announced();
	expect((await announced.next())?.path).toBe("cam");
	const oursSub = await (await remote.consume().requestBroadcast("cam")).track("video").subscribe();
	const theirsSub = theirs.consume(Moq.Path.from("cam")).track("video").subscribe();
	// The relay asks 0.1.9 for the track once, on moq-lite-02.
	const track = (await requested)!.track;
	expect(track.name).toBe("video");
	expect(new Set([...endpoint.sessions].map((s) => s.protocol))).toEqual(new Set(["moq-lite-02", "moq-lite-06", "moq-lite-05"]));

	const N = 5;
	const sent = (g: number) => [`g${g}:0`, `g${g}:1`, `g${g}:2`];
	// One group at a time: groups travel on parallel streams, and a subscriber starts at the first one it sees.
	for (let g = 0; g < N; g++) {
		const before = Math.floor(systemClock.now());
		const group = track.appendGroup();
		for (const f of sent(g)) group.writeFrame(bytes(f));
		group.close();
		const mine = (await oursSub.recvGroup())!;
		expect(mine.sequence).toBe(g);
		const got: string[] = [];
		const stamps: number[] = [];
		for (let f = await mine.readFrame(); f; f = await mine.readFrame()) {
			got.push(text(f.payload));
			stamps.push(f.timestamp);
		}
		expect(got).toEqual(sent(g));
		// 01/02 frames carry no timestamp: the relay stamps its send time, ms since 2020-01-01 (§3.7), at timescale 1000.
		const after = Math.ceil(systemClock.now());
		for (const ts of stamps) expect(ts >= before && ts <= after, `${ts} in [${before}, ${after}]`).toBe(true);

		const their = (await theirsSub.recvGroup())!;
		expect(their.sequence).toBe(g);
		const stamped: { payload: string; ts: number }[] = [];
		for (let f = await their.readFrame(); f; f = await their.readFrame()) stamped.push({ payload: text(f.payload), ts: f.timestamp.value });
		expect(stamped.map((f) => f.payload)).toEqual(sent(g));
		// The 05 viewer gets the same relay stamps (timescale 1000 from the relay's TRACK_INFO).
		expect(stamped.map((f) => f.ts)).toEqual(stamps);
	}
});

/** What @moq/net 0.1.9 offers over WebTransport (moq-lite-versions §1.2). */
const OLD_WEBTRANSPORT = ["moq-lite-04", "moq-lite-03", "moql", "moqt-19", "moqt-18", "moqt-17", "moqt-16", "moqt-15"];

for (const [offered, lands] of [
	[OLD_WEBTRANSPORT, "moq-lite-04"],
	[[], "moq-lite-02"],
] as const) {
	test(`a 0.1.9 publisher over WebTransport offering ${offered.length ? "its list" : "no protocol"} lands on ${lands} and reaches ours on 06 through the relay`, async () => {
		const { url } = await relay(true);
		// Node has no WebTransport: 0.1.9 runs over our QUIC client's session, offering what it would offer.
		const transport = await connectQuic(url, { protocols: offered });
		const publisher = await Old.Connection.connect(url, { transport: transport as unknown as WebTransport });
		closers.push(() => publisher.close());
		expect(publisher.version).toBe(lands);
		const requested = publishCam(publisher);
		const { remote } = await oursOn(url);
		expect((await remote.consume().announced().next())?.path).toBe("cam");
		const sub = await (await remote.consume().requestBroadcast("cam")).track("video").subscribe();
		const track = (await requested)!.track;
		for (let g = 0; g < 3; g++) {
			const group = track.appendGroup();
			group.writeFrame(bytes(`g${g}`));
			group.close();
			const got = (await sub.recvGroup())!;
			expect(got.sequence).toBe(g);
			expect(text((await got.readFrame())!.payload)).toBe(`g${g}`);
		}
	});
}

test("a 0.1.9 subscriber over WebTransport with no protocol lands on moq-lite-02 and receives our groups in order", async () => {
	const { origin, url } = await relay(true);
	const track = origin.createBroadcast("room").createTrack("video", { timescale: 1000 });
	const conn = await Old.Connection.connect(url, { transport: (await connectQuic(url, { protocols: [] })) as unknown as WebTransport });
	closers.push(() => conn.close());
	expect(conn.version).toBe("moq-lite-02");
	const sub = conn.consume(Old.Path.from("room")).subscribe("video", 0);
	await until(() => track.subscription !== undefined);
	for (let g = 0; g < 3; g++) {
		const group = track.appendGroup();
		group.writeFrame(g, bytes(`g${g}`));
		group.finish();
		const got = (await sub.recvGroup())!;
		expect(got.sequence).toBe(g);
		expect(await frames(got)).toEqual([`g${g}`]);
	}
});
