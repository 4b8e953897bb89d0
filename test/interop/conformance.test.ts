// moq-lite-versions.md §6, the conformance checklist, item by item as named tests (moq-lite-06 items 1-13).
// Items covered elsewhere say where; the others are exercised here against our session over a raw peer.
import { describe, expect, test } from "vitest";
import {
	Decoder,
	encodeAnnounceChange,
	encodeAnnounceOk,
	encodeAnnounceRequest,
	encodeFetch,
	encodeGoaway,
	encodeSetup,
	encodeSubscribe,
	encodeTrackInfo,
	type U62,
	Version,
} from "../../src/codec/index.js";
import { ErrorCode, ProtocolViolationError, SessionCode } from "../../src/error.js";
import { accept, connect, SUPPORTED_PROTOCOLS } from "../../src/lite/index.js";
import { decodeStreamCode } from "../../src/lite/error.js";
import { OriginProducer } from "../../src/model/index.js";
import { MemoryTransport } from "../../src/transport/memory.js";
import { unhex } from "../codec/helpers.js";
import { concat, RawReader, rawBidi, type } from "../lite/helpers.js";

const V06 = Version.Lite06;
const MAX_U62 = (1n << 62n) - 1n;

/** Our client on 06 with the raw server end: the announce stream it opens, answered with `reply`. */
async function announcedBy(reply: Uint8Array) {
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-06" });
	const remote = new OriginProducer();
	const session = await connect(client, { subscribe: remote });
	const { value } = await server.incomingBidirectionalStreams.getReader().read();
	const r = new RawReader(value!.readable);
	expect(await r.varint()).toBe(1);
	const request = await r.message("announceRequest", V06);
	await value!.writable.getWriter().write(reply);
	return { session, remote, request, closed: client.closed as Promise<unknown> };
}

const start = (suffix: string, hops: U62[] = []) => encodeAnnounceChange({ type: "start", suffix, hops, warmCost: 1, coldCost: MAX_U62 }, V06);
const ok = (count = 0) => encodeAnnounceOk({ origin: 99, activeCount: count }, V06);

describe("moq-lite-versions §6 conformance (moq-lite-06)", () => {
	test("§6.1 offer moq-lite-06 before moq-lite-05, refuse -wip, 06 and 05 use the Setup stream (negotiation.test.ts over WebSocket)", async () => {
		expect(SUPPORTED_PROTOCOLS.indexOf("moq-lite-06")).toBeLessThan(SUPPORTED_PROTOCOLS.indexOf("moq-lite-05"));
		expect(SUPPORTED_PROTOCOLS).not.toContain("moq-lite-06-wip");
		const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-06" });
		await accept(server, {});
		const unis = client.incomingUnidirectionalStreams.getReader();
		const setup = new RawReader((await unis.read()).value!);
		expect(await setup.varint()).toBe(1);
		expect((await setup.message("setup", V06)).origin).toBeGreaterThan(0);
	});

	test("§6.2 SETUP: ids 1-5 in any order; duplicate id and a second Setup stream close 0x3; a client refuses a server's Path/Role", async () => {
		// Any order: Rust writes map order.
		const d = new Decoder();
		d.push(unhex("0d 04 05 01 2a 03 01 01 04 01 05 01 01 02"));
		expect(d.message("setup", V06)).toEqual({ origin: 42, role: 1, cost: 5, probe: 2 });
		const server = async (bytes: Uint8Array[]) => {
			const pair = MemoryTransport.pair({ protocol: "moq-lite-06" });
			await accept(pair.server, {});
			for (const b of bytes) {
				const w = (await pair.client.createUnidirectionalStream()).getWriter();
				await w.write(concat(type(1), b));
				await w.close();
			}
			return pair.client.closed;
		};
		expect(await server([encodeSetup({ origin: 1 }, V06), encodeSetup({ origin: 2 }, V06)])).toMatchObject({ closeCode: SessionCode.ProtocolViolation });
		const { client, server: srv } = MemoryTransport.pair({ protocol: "moq-lite-06" });
		const session = await connect(client, {});
		const w = (await srv.createUnidirectionalStream()).getWriter();
		await w.write(concat(type(1), encodeSetup({ path: "/x", origin: 3 }, V06)));
		expect(await srv.closed).toMatchObject({ closeCode: SessionCode.ProtocolViolation });
		expect(session.isClosed).toBe(true);
	});

	test("§6.3 ANNOUNCE_REQUEST has no exclude_hop; our publisher filters by the peer's SETUP Hop instead", async () => {
		expect(encodeAnnounceRequest({ prefix: "room", excludeHop: 7 }, V06)).toEqual(unhex("05 04 72 6f 6f 6d"));
		const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-06" });
		const origin = new OriginProducer();
		origin.createBroadcast("mine").hops = [];
		const looped = origin.createBroadcast("looped");
		looped.hops = [77];
		await accept(server, { publish: origin.consume() });
		const w = (await client.createUnidirectionalStream()).getWriter();
		await w.write(concat(type(1), encodeSetup({ origin: 77 }, V06)));
		const { reader } = await rawBidi(() => client.createBidirectionalStream(), concat(type(1), encodeAnnounceRequest({ prefix: "", excludeHop: 0 }, V06)));
		expect(await reader.message("announceOk", V06)).toMatchObject({ activeCount: 1 });
		expect(await reader.message("announceChange", V06)).toMatchObject({ type: "start", suffix: "mine" });
	});

	test("§6.4 announce ids: END of an unassigned id, a duplicate START, a repeated hop close 0x3; an unknown type is skipped, takes no id", async () => {
		for (const bad of [
			concat(ok(), encodeAnnounceChange({ type: "end", id: 0 }, V06)),
			concat(ok(), start("a"), start("a")),
			concat(ok(), start("a", [5, 6, 5])),
			concat(ok(), encodeAnnounceChange({ type: "update", id: 3, hops: [], warmCost: 0, coldCost: 0 }, V06)),
		]) {
			const { closed } = await announcedBy(bad);
			expect(await closed).toMatchObject({ closeCode: SessionCode.ProtocolViolation });
		}
		// Type 3 (a 07 RESTART) skipped: the END that follows names id 0, the only START.
		const { remote, session } = await announcedBy(concat(ok(1), start("a"), unhex("03 02 00 00"), encodeAnnounceChange({ type: "end", id: 0 }, V06)));
		const a = remote.consume().announced();
		expect((await a.next())?.broadcast).toBeDefined();
		expect((await a.next())?.broadcast).toBeUndefined();
		expect(session.isClosed).toBe(false);
	});

	test("§6.5 costs: both read (Cold up to 2^62-1), Cold written as 2^62-1", () => {
		const d = new Decoder();
		d.push(unhex("00 08 03 63 61 6d 01 07 0c 0c"));
		expect(d.message("announceChange", V06)).toEqual({ type: "start", suffix: "cam", hops: [7], warmCost: 12, coldCost: 12 });
		expect(start("x").slice(-8)).toEqual(unhex("ff ff ff ff ff ff ff ff"));
	});

	test("§6.7 SUBSCRIBE/UPDATE 06 layout; a frame bound without its group bound resets the stream", async () => {
		expect(encodeSubscribe({ id: 1, broadcast: "room", track: "video", priority: 3, ordered: true, maxLatency: 250, endGroup: 9 }, V06)).toEqual(
			unhex("13 01 04 72 6f 6f 6d 05 76 69 64 65 6f 03 40 fa 00 0a 00 00"),
		);
		const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-06" });
		const origin = new OriginProducer();
		origin.createBroadcast("room").createTrack("video");
		const session = await accept(server, { publish: origin.consume() });
		// frame_end 3 with group_end 0.
		const { reader } = await rawBidi(() => client.createBidirectionalStream(), concat(type(2), unhex("0f 00 04 72 6f 6f 6d 05 76 69 64 65 6f 00 00 00 00 00 04")));
		expect(await reader.ended()).toBe(ErrorCode.Internal);
		expect(session.isClosed).toBe(false);
	});

	test("§6.9 TRACK_INFO 06 layout; max age 2^53-1 and above is no limit; timescale 0 refused", () => {
		expect(encodeTrackInfo({ priority: 7, ordered: false, latencyMax: 2000, timescale: 1_000_000 }, V06)).toEqual(unhex("07 07 47 d0 80 0f 42 40"));
		const d = new Decoder();
		d.push(unhex("0b 00 d0 00 00 00 00 00 00 00 43 e8"));
		expect(d.message("trackInfo", V06)).toMatchObject({ latencyMax: Number.MAX_SAFE_INTEGER });
		const zero = new Decoder();
		zero.push(unhex("03 00 00 00"));
		expect(() => zero.message("trackInfo", V06)).toThrow();
	});

	test("§6.10 FETCH frame range: an end below the start is refused; equal is one frame", () => {
		const bad = new Decoder();
		bad.push(unhex("08 01 61 01 76 00 07 05 05"));
		expect(() => bad.message("fetch", V06)).toThrow(ProtocolViolationError);
		expect(encodeFetch({ broadcast: "a", track: "v", priority: 0, group: 7, frameStart: 5, frameEnd: 5 }, V06)).toEqual(unhex("08 01 61 01 76 00 07 05 06"));
		expect(() => encodeFetch({ broadcast: "a", track: "v", priority: 0, group: 7, frameStart: 5, frameEnd: 4 }, V06)).toThrow();
	});

	test("§6.11 GOAWAY: a URI above 8192 bytes is refused; a second GOAWAY closes 0x3 (probe-goaway.test.ts)", async () => {
		const long = new Decoder();
		long.push(encodeGoaway({ uri: "x".repeat(8193) }, V06));
		expect(() => long.message("goaway", V06)).toThrow(ProtocolViolationError);
		const fine = new Decoder();
		fine.push(encodeGoaway({ uri: "x".repeat(8192) }, V06));
		expect(fine.message("goaway", V06)).toEqual({ uri: "x".repeat(8192) });
	});

	test("§6.12 error codes: the new registry on every version, 0x0 an error, 0x1 a cancel, 32-47 uninterpreted (error-codes.test.ts)", () => {
		expect(decodeStreamCode(0).name).toBe("InternalError");
		expect(decodeStreamCode(1).name).toBe("CancelError");
		expect(decodeStreamCode(40).name).toBe("RemoteError");
	});

	test("§6.13 the §4.1 vectors round-trip byte-exactly and §4.3's 06-wip bytes are refused (test/codec/vectors.test.ts)", () => {
		const wip = new Decoder();
		wip.push(unhex("00 07 03 63 61 6d 01 07 0c"));
		expect(() => wip.message("announceChange", V06)).toThrow();
	});

});
