// moq-lite-versions.md §6, the conformance checklist, item by item as named tests (moq-lite-06 items 1-13, legacy
// items 14-18).
// Items covered elsewhere say where; the others are exercised here against our session over a raw peer.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as Old from "moq-net-019";
import { describe, expect, test } from "vitest";
import { WebSocket } from "ws";
import {
	type AnyMessageKind,
	type AnyMessageMap,
	Decoder,
	encodeAnnounceChange,
	encodeAnnounceOk,
	encodeAnnounceRequest,
	encodeFetch,
	encodeGoaway,
	encodeLegacySetup,
	encodeSessionInfo,
	encodeSetup,
	encodeSubscribe,
	encodeSubscribeUpdate,
	encodeTrackInfo,
	type U62,
	Version,
} from "../../src/codec/index.js";
import { ErrorCode, ProtocolViolationError, SessionCode } from "../../src/error.js";
import { accept, connect, SUPPORTED_PROTOCOLS } from "../../src/lite/index.js";
import { decodeStreamCode } from "../../src/lite/error.js";
import { isLegacyProtocol } from "../../src/lite/version.js";
import { OriginProducer } from "../../src/model/index.js";
import { MemoryTransport } from "../../src/transport/memory.js";
import { resetCode } from "../../src/transport/reset.js";
import { ensurePromiseWithResolvers } from "../../src/transport/websocket/polyfill.js";
import { serveWebSocket } from "../../src/transport/websocket/server.js";
import { alpnOf, selectWebSocketProtocol } from "../../src/transport/websocket/subprotocol.js";
import { unhex } from "../codec/helpers.js";
import { concat, RawReader, rawBidi, type } from "../lite/helpers.js";
import { muteConsole } from "./session-peers.js";

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

/** A raw legacy client of our server on `protocol`, after the handshake (its CLIENT_SETUP offers `versions`). */
async function legacyClient(options: { protocol?: string; publish?: OriginProducer; versions?: number[] } = {}) {
	const { client, server } = MemoryTransport.pair({ protocol: options.protocol ?? "" });
	const session = accept(server, { publish: options.publish?.consume() });
	const stream = await client.createBidirectionalStream();
	const writer = stream.writable.getWriter();
	await writer.write(encodeLegacySetup({ type: "client", versions: options.versions ?? [V02, V01], parameters: [] }, V02));
	const reader = new LegacyReader(stream.readable);
	return { client, session: await session, writer, reader };
}

/** Reads any kind (01/02 ones included) off a raw stream; `ended()` gives "fin" or the reset code. */
class LegacyReader {
	readonly decoder = new Decoder();
	readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
	constructor(stream: ReadableStream<Uint8Array>) {
		this.#reader = stream.getReader();
	}
	async message<K extends AnyMessageKind>(kind: K, v: Version): Promise<AnyMessageMap[K]> {
		for (;;) {
			const m = this.decoder.message(kind, v);
			if (m !== undefined) return m;
			const { value, done } = await this.#reader.read();
			if (done) throw new Error(`stream ended before ${kind}`);
			this.decoder.push(value);
		}
	}
	async ended(): Promise<"fin" | number> {
		try {
			while (!(await this.#reader.read()).done);
			return "fin";
		} catch (err) {
			return resetCode(err) ?? -1;
		}
	}
}

const V01 = Version.Lite01;
const V02 = Version.Lite02;

describe("moq-lite-versions §6 conformance (legacy)", () => {
	test("§6.14 bare qmux-01/qmux-00/webtransport WebSocket subprotocols and WebTransport with no protocol reach the legacy SETUP", async () => {
		// 0.1.9's exact offer is accepted (not refused with 400), and every bare one alone too; none carries an app protocol.
		expect(selectWebSocketProtocol("qmux-01, qmux-00, webtransport")).toBe("webtransport");
		for (const bare of ["qmux-01", "qmux-00", "webtransport"]) {
			expect(selectWebSocketProtocol([bare])).toBe(bare);
			expect(isLegacyProtocol(alpnOf(bare))).toBe(true);
		}
		expect(selectWebSocketProtocol([])).toBe("");
		expect(selectWebSocketProtocol(["qmux-01.moq-lite-05", "webtransport"])).toBe("qmux-01.moq-lite-05");
		// A real upgrade offering only a bare draft is accepted with it.
		const http = createServer();
		const handle = serveWebSocket(http, { onSession: (t) => void accept(t, {}).catch(() => {}) });
		await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
		try {
			const socket = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}/`, ["qmux-01"]);
			await new Promise((ok, fail) => socket.once("open", ok).once("error", fail));
			expect(socket.protocol).toBe("qmux-01");
			socket.close();
		} finally {
			handle.close();
			await new Promise((r) => http.close(r));
		}
		// WebTransport (here its in-memory twin) with no protocol: the server runs the handshake and lands on 02.
		const { session } = await legacyClient({ protocol: "" });
		expect(session.version).toBe(V02);
		expect((await legacyClient({ protocol: "moql" })).session.version).toBe(V02);
	});

	test("§6.15 CLIENT_SETUP (0x20, u16 length, draft-14 params, 8-byte versions) is answered by SERVER_SETUP 0x21 selecting 02 or 01, never 03+", async () => {
		const d = new Decoder();
		d.push(unhex("20 00 2c 03 c0 00 00 00 ff 0d ad 02 c0 00 00 00 ff 0d ad 01 c0 00 00 00 ff 00 00 0e 02 02 80 00 a4 55 07 0b 6d 6f 71 2d 6c 69 74 65 2d 6a 73"));
		expect(d.message("legacySetup", V02)).toMatchObject({ type: "client", versions: [V02, V01, 0xff00000e], parameters: [{ id: 2, value: 42069 }, { id: 7 }] });
		const first = await legacyClient({ versions: [0xff0dad04, 0xff0dad03, V02, V01] });
		expect(await first.reader.message("legacySetup", V02)).toEqual({ type: "server", version: V02, parameters: [] });
		const one = await legacyClient({ versions: [0xff0dad05, V01] });
		expect(await one.reader.message("legacySetup", V02)).toMatchObject({ version: V01 });
		expect(one.session.version).toBe(V01);
		const none = await legacyClient({ versions: [0xff0dad03, 0xff0dad04, 0xff0dad05] }).catch((err: unknown) => err);
		expect(none).toMatchObject({ sessionCode: SessionCode.VersionNegotiationFailed });
	});

	test("§6.16 the session stream stays open: SESSION_INFO read and sent, a FIN tolerated, never reset", async () => {
		const { session, writer, reader, client } = await legacyClient();
		expect(await reader.message("legacySetup", V02)).toMatchObject({ type: "server" });
		expect(await reader.message("sessionInfo", V02)).toEqual({ bitrate: 0 });
		await writer.write(encodeSessionInfo({ bitrate: 1_000_000 }, V02));
		await expect.poll(() => session.probe, { timeout: 30_000 }).toEqual({ bitrate: 1_000_000 });
		const end = reader.ended();
		await writer.close();
		// After our FIN the session still serves (a missing broadcast's SUBSCRIBE is reset), and its half of the
		// session stream is neither FINed nor reset meanwhile.
		const { reader: sub } = await rawBidi(() => client.createBidirectionalStream(), concat(type(2), encodeSubscribe({ id: 0, broadcast: "x", track: "v", priority: 0, ordered: false, maxLatency: 0 }, V02)));
		expect(typeof (await sub.ended())).toBe("number");
		expect(session.isClosed).toBe(false);
		expect(await Promise.race([end, Promise.resolve("open")])).toBe("open");
	});

	test("§6.17 01/02 messages: ANNOUNCE_INIT first, hop-less ANNOUNCE, 4-field SUBSCRIBE, untyped SUBSCRIBE_OK, timestamp-less frames; no UPDATE/FETCH/PROBE/TRACK", async () => {
		const origin = new OriginProducer();
		const cam = origin.createBroadcast("room/cam").createTrack("video");
		for (const v of [V02, V01]) {
			const { client, session, reader: setup } = await legacyClient({ publish: origin, versions: [v] });
			await setup.message("legacySetup", V02);
			const stream0 = await client.createBidirectionalStream();
			await stream0.writable.getWriter().write(concat(type(1), encodeAnnounceRequest({ prefix: "room", excludeHop: 0 }, v)));
			const announces = new LegacyReader(stream0.readable);
			expect(await announces.message("announceInit", v)).toEqual({ suffixes: ["cam"] });
			const mic = origin.createBroadcast("room/mic");
			expect(await announces.message("announce", v)).toEqual({ status: 1, suffix: "mic", hops: [] });
			mic.finish();
			expect(await announces.message("announce", v)).toEqual({ status: 0, suffix: "mic", hops: [] });
			// SUBSCRIBE: id, path, track, priority. SUBSCRIBE_OK: 01 `MSG{u8 priority}`, 02 `MSG{}`.
			const { reader: subscribe } = await rawBidi(() => client.createBidirectionalStream(), concat(type(2), unhex("11 00 08 72 6f 6f 6d 2f 63 61 6d 05 76 69 64 65 6f 04")));
			expect(await subscribe.message("subscribeResponse", v)).toMatchObject({ type: "ok", priority: v === V01 ? 4 : 0 });
			const unis = client.incomingUnidirectionalStreams.getReader();
			const g = cam.appendGroup();
			g.writeFrame(1, Uint8Array.of(0xaa));
			g.finish();
			const stream = new RawReader((await unis.read()).value!);
			unis.releaseLock();
			expect(await stream.varint()).toBe(0);
			expect(await stream.message("group", v)).toEqual({ subscribeId: 0, sequence: 0 });
			// `vi size, bytes`, no timestamp.
			stream.decoder.frames(v);
			expect(await stream.ended()).toBe("fin");
			// Nothing 03+ exists here: SUBSCRIBE_UPDATE cannot be encoded, FETCH/PROBE/TRACK streams are reset.
			expect(() => encodeSubscribeUpdate({ priority: 1, ordered: false, maxLatency: 0 }, v)).toThrow();
			for (const t of [3, 4, 6]) {
				const { reader } = await rawBidi(() => client.createBidirectionalStream(), concat(type(t), unhex("00")));
				expect(typeof (await reader.ended())).toBe("number");
			}
			expect(session.isClosed).toBe(false);
			session.close();
		}
	});

	test("§6.18 interop: @moq/net 0.1.9's captured CLIENT_SETUP is §4.2's vector and it lands on 02 (WebSocket/WebTransport runs: legacy-peers.test.ts)", async () => {
		ensurePromiseWithResolvers();
		// 0.1.9 logs every step (and its own teardown) to the console.
		muteConsole();
		const { client, server } = MemoryTransport.pair({ protocol: "" });
		const connecting = Old.Connection.connect(new URL("https://relay/"), { transport: client as unknown as WebTransport });
		const { value } = await server.incomingBidirectionalStreams.getReader().read();
		const r = value!.readable.getReader();
		const captured: number[] = [];
		while (captured.length < 47) captured.push(...(await r.read()).value!);
		expect(new Uint8Array(captured)).toEqual(
			unhex("20 00 2c 03 c0 00 00 00 ff 0d ad 02 c0 00 00 00 ff 0d ad 01 c0 00 00 00 ff 00 00 0e 02 02 80 00 a4 55 07 0b 6d 6f 71 2d 6c 69 74 65 2d 6a 73"),
		);
		// Our SERVER_SETUP bytes are §4.2's "selecting lite-02, no params", and 0.1.9 takes them.
		const ours = await legacyClient();
		const reply = encodeLegacySetup({ type: "server", version: V02, parameters: [] }, V02);
		expect(reply).toEqual(unhex("21 00 09 c0 00 00 00 ff 0d ad 02 00"));
		expect(await ours.reader.message("legacySetup", V02)).toEqual({ type: "server", version: V02, parameters: [] });
		await value!.writable.getWriter().write(reply);
		const conn = await connecting;
		expect(conn.version).toBe("moq-lite-02");
		conn.close();
	});
});
