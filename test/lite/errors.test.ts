// Bad input and failure paths against our session, driven by a raw peer: a bad stream is reset with its
// spec code (§3.12) and everything else keeps working; announce violations are session-fatal; close settles all.
import { describe, expect, test } from "vitest";
import {
	encodeAnnounce,
	encodeAnnounceOk,
	encodeFetch,
	encodeGroupHeader,
	encodeSubscribe,
	encodeSubscribeUpdate,
	encodeTrackRequest,
	encodeVarint,
	Version,
} from "../../src/codec/index.js";
import { ErrorCode, NotFoundError, ProtocolViolationError, SessionCode, UnroutableError } from "../../src/error.js";
import { accept, connect, type Session } from "../../src/lite/index.js";
import { DEFAULT_TRACK_INFO, OriginProducer, type TrackProducer } from "../../src/model/index.js";
import { sendOrder } from "../../src/lite/priority.js";
import { MemoryTransport } from "../../src/transport/memory.js";
import { concat, RawReader, rawBidi, stopped, type } from "./helpers.js";

const V = Version.Lite05;

/** Our server publishing room/video, and the raw client end. */
async function server(protocol = "moq-lite-05"): Promise<{ session: Session; peer: MemoryTransport; track: TrackProducer }> {
	const { client, server } = MemoryTransport.pair({ protocol });
	const origin = new OriginProducer();
	const track = origin.createBroadcast("room").createTrack("video", { timescale: 1000 });
	const session = await accept(server, { publish: origin.consume() });
	return { session, peer: client, track };
}

/** The session still answers TRACK for room/video. */
async function stillServing(peer: MemoryTransport): Promise<void> {
	const { reader } = await rawBidi(() => peer.createBidirectionalStream(), concat(type(6), encodeTrackRequest({ broadcast: "room", track: "video" }, V)));
	expect(await reader.message("trackInfo", V)).toEqual({ priority: 0, ordered: false, latencyMax: DEFAULT_TRACK_INFO.latencyMax, timescale: 1000 });
}

describe("a bad stream is reset; the session keeps serving", () => {
	test("unknown bidi stream type: reset with 0", async () => {
		const { peer } = await server();
		const { reader, writer } = await rawBidi(() => peer.createBidirectionalStream(), encodeVarint(0x3f));
		expect(await reader.ended()).toBe(ErrorCode.Internal);
		expect(await stopped(writer)).toBe(ErrorCode.Internal);
		await stillServing(peer);
	});

	test("unknown uni stream type: stopped with 0", async () => {
		const { peer } = await server();
		const uni = (await peer.createUnidirectionalStream()).getWriter();
		await uni.write(encodeVarint(0x21));
		expect(await stopped(uni)).toBe(ErrorCode.Internal);
		await stillServing(peer);
	});

	test("malformed SUBSCRIBE: reset with Decode (5)", async () => {
		const { peer } = await server();
		// A valid SUBSCRIBE with its ordered flag (bool8) forced to 2.
		const good = encodeSubscribe({ id: 0, broadcast: "room", track: "video", priority: 1, ordered: false, maxLatency: 0 }, V);
		const bad = good.slice();
		bad[bad.length - 4] = 2;
		const { reader } = await rawBidi(() => peer.createBidirectionalStream(), concat(type(2), bad));
		expect(await reader.ended()).toBe(ErrorCode.Internal);
		await stillServing(peer);
	});

	test("malformed SUBSCRIBE_UPDATE on a served subscription: reset as a malformed SUBSCRIBE is, not FINed", async () => {
		const { peer, track } = await server();
		const subscribe = encodeSubscribe({ id: 0, broadcast: "room", track: "video", priority: 1, ordered: false, maxLatency: 0 }, V);
		const { reader, writer } = await rawBidi(() => peer.createBidirectionalStream(), concat(type(2), subscribe));
		while (!track.subscription) await new Promise((r) => setTimeout(r, 1));
		// A valid update with its ordered flag (bool8) forced to 2.
		const bad = encodeSubscribeUpdate({ priority: 2, ordered: false, maxLatency: 0 }, V).slice();
		bad[bad.length - 4] = 2;
		await writer.write(bad);
		expect(await reader.ended()).toBe(ErrorCode.Internal);
		await stillServing(peer);
	});

	test("FETCH below moq-lite-05: reset with UnexpectedStream (10)", async () => {
		const { peer } = await server("moq-lite-04");
		const fetch = encodeFetch({ broadcast: "room", track: "video", priority: 0, group: 0 }, Version.Lite05);
		const { reader } = await rawBidi(() => peer.createBidirectionalStream(), concat(type(3), fetch));
		expect(await reader.ended()).toBe(ErrorCode.Internal);
	});

	test("group stream for an unknown subscribe id: stopped with 0", async () => {
		const { client, server: srv } = MemoryTransport.pair({ protocol: "moq-lite-05" });
		const remote = new OriginProducer();
		await connect(client, { subscribe: remote });
		const uni = (await srv.createUnidirectionalStream()).getWriter();
		await uni.write(concat(type(0), encodeGroupHeader({ subscribeId: 99, sequence: 0 }, V)));
		expect(await stopped(uni)).toBe(ErrorCode.Cancel);
	});

	test("a missing track: reset with NotFound (13); an unroutable broadcast: Unroutable (30); both typed, remote", async () => {
		const { client, server: srv } = MemoryTransport.pair({ protocol: "moq-lite-05" });
		const origin = new OriginProducer();
		origin.createBroadcast("room").createTrack("video");
		const remote = new OriginProducer();
		await accept(srv, { publish: origin.consume() });
		await connect(client, { subscribe: remote });
		const room = await remote.consume().requestBroadcast("room");
		const err = await room.track("audio").subscribe().catch((e: unknown) => e);
		expect(err).toBeInstanceOf(NotFoundError);
		expect(err).toMatchObject({ code: ErrorCode.NotFound, remote: true });
		const nobody = await remote.consume().requestBroadcast("nobody");
		const unroutable = await nobody.track("video").subscribe().catch((e: unknown) => e);
		expect(unroutable).toBeInstanceOf(UnroutableError);
		expect(unroutable).toMatchObject({ code: ErrorCode.Unroutable, remote: true });
		// Raw SUBSCRIBE and FETCH streams for the unroutable path are reset with 30 too.
		for (const bytes of [
			concat(type(2), encodeSubscribe({ id: 0, broadcast: "nobody", track: "video", priority: 0, ordered: false, maxLatency: 0 }, V)),
			concat(type(3), encodeFetch({ broadcast: "nobody", track: "video", priority: 0, group: 0 }, V)),
		]) {
			const { reader } = await rawBidi(() => client.createBidirectionalStream(), bytes);
			expect(await reader.ended()).toBe(ErrorCode.Unroutable);
		}
	});
});

describe("publisher serving rules", () => {
	test("subscriber FIN: in-flight groups reset with 0, then FIN", async () => {
		const { peer, track } = await server();
		const { reader, writer } = await rawBidi(
			() => peer.createBidirectionalStream(),
			concat(type(2), encodeSubscribe({ id: 5, broadcast: "room", track: "video", priority: 0, ordered: false, maxLatency: 0 }, V)),
		);
		const unis = peer.incomingUnidirectionalStreams.getReader();
		await unis.read(); // the server's SETUP
		await new Promise((r) => setTimeout(r, 5));
		const open = track.appendGroup();
		open.writeFrame(1, Uint8Array.of(1));
		const group = new RawReader((await unis.read()).value!);
		expect(await group.varint()).toBe(0);
		expect(await group.message("group", V)).toEqual({ subscribeId: 5, sequence: 0 });
		expect(await reader.message("subscribeResponse", V)).toEqual({ type: "start", group: 0 });
		await writer.close();
		expect(await group.ended()).toBe(ErrorCode.Cancel);
		expect(await reader.ended()).toBe("fin");
	});

	test("track end: SUBSCRIBE_END with the exclusive final, then FIN", async () => {
		const { peer, track } = await server();
		// A subscriber reads its group streams: the FIN follows their delivery (each read to its end).
		void (async () => {
			for await (const uni of peer.incomingUnidirectionalStreams) void new RawReader(uni).ended();
		})().catch(() => {});
		const { reader } = await rawBidi(
			() => peer.createBidirectionalStream(),
			concat(type(2), encodeSubscribe({ id: 0, broadcast: "room", track: "video", priority: 0, ordered: false, maxLatency: 0, startGroup: 0 }, V)),
		);
		await new Promise((r) => setTimeout(r, 5));
		track.writeFrame(0, Uint8Array.of(1));
		track.writeFrame(1, Uint8Array.of(2));
		track.finish();
		expect(await reader.message("subscribeResponse", V)).toEqual({ type: "start", group: 0 });
		expect(await reader.message("subscribeResponse", V)).toEqual({ type: "end", group: 2 });
		expect(await reader.ended()).toBe("fin");
	});

	test("track end propagates to a remote subscriber", async () => {
		const { client, server: srv } = MemoryTransport.pair({ protocol: "moq-lite-05" });
		const origin = new OriginProducer();
		const track = origin.createBroadcast("room").createTrack("video");
		const remote = new OriginProducer();
		await accept(srv, { publish: origin.consume() });
		await connect(client, { subscribe: remote });
		const sub = await (await remote.consume().requestBroadcast("room")).track("video").subscribe();
		while (!track.subscription) await new Promise((r) => setTimeout(r, 1));
		track.writeFrame(0, Uint8Array.of(1));
		track.finish();
		expect((await sub.recvGroup())?.sequence).toBe(0);
		expect(await sub.recvGroup()).toBeUndefined();
	});
});

describe("announce violations are session-fatal", () => {
	async function announcer(protocol: string, reply: (version: Version) => Uint8Array): Promise<{ session: Session; closed: Promise<unknown> }> {
		const { client, server: srv } = MemoryTransport.pair({ protocol });
		const session = await connect(client, { subscribe: new OriginProducer() });
		const bidis = srv.incomingBidirectionalStreams.getReader();
		const { value } = await bidis.read();
		const w = value!.writable.getWriter();
		const version = protocol === "moq-lite-05" ? Version.Lite05 : Version.Lite04;
		await w.write(reply(version));
		return { session, closed: client.closed };
	}

	test("malformed announce closes the session with Decode (5)", async () => {
		const { session, closed } = await announcer("moq-lite-05", (v) => {
			const bad = encodeAnnounce({ status: 1, suffix: "a", hops: [] }, v);
			bad[1] = 7; // unknown status byte
			return concat(encodeAnnounceOk({ origin: 1, activeCount: 0 }, v), bad);
		});
		expect(await closed).toMatchObject({ closeCode: SessionCode.ProtocolViolation });
		expect(session.isClosed).toBe(true);
	});

	test("duplicate announce on moq-lite-04 closes the session with Duplicate (12)", async () => {
		const { closed } = await announcer("moq-lite-04", (v) => {
			const a = encodeAnnounce({ status: 1, suffix: "a", hops: [9] }, v);
			return concat(a, a);
		});
		expect(await closed).toMatchObject({ closeCode: SessionCode.ProtocolViolation });
	});

	test("a duplicate on moq-lite-05 is a restart, not an error", async () => {
		const { client, server: srv } = MemoryTransport.pair({ protocol: "moq-lite-05" });
		const remote = new OriginProducer();
		const session = await connect(client, { subscribe: remote });
		const { value } = await srv.incomingBidirectionalStreams.getReader().read();
		const w = value!.writable.getWriter();
		const a = encodeAnnounce({ status: 1, suffix: "a", hops: [] }, V);
		await w.write(concat(encodeAnnounceOk({ origin: 7, activeCount: 1 }, V), a, a));
		const announced = remote.consume().announced();
		expect((await announced.next())?.path).toBe("a");
		await new Promise((r) => setTimeout(r, 10));
		expect(session.isClosed).toBe(false);
	});
});

describe("version negotiation", () => {
	test("an unknown subprotocol is refused with UnknownAlpn (21) and closes the transport", async () => {
		const { client } = MemoryTransport.pair({ protocol: "moqt-16" });
		await expect(connect(client, {})).rejects.toMatchObject({ sessionCode: SessionCode.VersionNegotiationFailed });
		expect(await client.closed).toMatchObject({ closeCode: SessionCode.VersionNegotiationFailed });
	});

	test.each([
		["moq-lite-03", Version.Lite03],
		["moq-lite-04", Version.Lite04],
		["moq-lite-05", Version.Lite05],
	] as const)("%s selects its wire version", async (protocol, version) => {
		const { client } = MemoryTransport.pair({ protocol });
		const session = await connect(client, {});
		expect(session.version).toBe(version);
		expect(session.protocol).toBe(protocol);
		session.close();
	});
});

describe("session close", () => {
	test("settles every pending wait: a subscribe waiting for TRACK_INFO and a fetch", async () => {
		const { client, server: srv } = MemoryTransport.pair({ protocol: "moq-lite-05" });
		const remote = new OriginProducer();
		const session = await connect(client, { subscribe: remote });
		// The raw peer never answers anything.
		void srv.incomingBidirectionalStreams.getReader().read();
		const room = await remote.consume().requestBroadcast("room");
		const subscribing = room.track("video").subscribe();
		const fetching = room.track("audio").fetchGroup(3);
		await new Promise((r) => setTimeout(r, 5));
		session.close();
		await expect(subscribing).rejects.toBeInstanceOf(Error);
		await expect(fetching).rejects.toBeInstanceOf(Error);
		expect(await session.closed).toBeInstanceOf(Error);
	});

	test("a peer close ends the session with the peer's code", async () => {
		const { session, peer } = await server();
		peer.close({ closeCode: SessionCode.ProtocolViolation });
		expect(await session.closed).toBeInstanceOf(ProtocolViolationError);
		expect(await session.closed).toMatchObject({ sessionCode: SessionCode.ProtocolViolation, remote: true });
		expect(session.isClosed).toBe(true);
	});
});

describe("send order", () => {
	test("group streams carry the subscriber's priority and follow a SUBSCRIBE_UPDATE while in flight", async () => {
		const { client, server: srv } = MemoryTransport.pair({ protocol: "moq-lite-05" });
		// Group streams take the bare writer (createUnidirectionalWriter), other uni streams the public one.
		const opened: { sendOrder?: number | null }[] = [];
		const open = srv.createUnidirectionalStream.bind(srv);
		srv.createUnidirectionalStream = async (options) => {
			const s = await open(options);
			opened.push(s);
			return s;
		};
		const openWriter = srv.createUnidirectionalWriter.bind(srv);
		srv.createUnidirectionalWriter = async (options) => {
			const s = await openWriter(options);
			opened.push(s);
			return s;
		};
		const origin = new OriginProducer();
		const track = origin.createBroadcast("room").createTrack("video");
		await accept(srv, { publish: origin.consume() });
		const { writer } = await rawBidi(
			() => client.createBidirectionalStream(),
			concat(type(2), encodeSubscribe({ id: 0, broadcast: "room", track: "video", priority: 1, ordered: false, maxLatency: 0 }, V)),
		);
		while (!track.subscription) await new Promise((r) => setTimeout(r, 1));
		const group = track.appendGroup();
		group.writeFrame(0, Uint8Array.of(1));
		while (opened.length < 2) await new Promise((r) => setTimeout(r, 1)); // SETUP, then the group
		expect(opened[1]!.sendOrder).toBe(sendOrder(1, 0, false));
		await writer.write(encodeSubscribeUpdate({ priority: 9, ordered: true, maxLatency: 0 }, V));
		while (opened[1]!.sendOrder !== sendOrder(9, 0, true)) await new Promise((r) => setTimeout(r, 1));
		expect(opened[1]!.sendOrder).toBeLessThan(0);
	});
});
