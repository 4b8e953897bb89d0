// moq-lite-01/02 sessions (moq-lite-versions §3): the legacy SETUP handshake on `moql` / no protocol, the open
// session stream, and the 01/02 message shapes, ours ↔ ours over an in-memory transport pair.
import * as Moq from "@moq/net";
import { afterEach, describe, expect, test } from "vitest";
import { Decoder, encodeLegacySetup, encodeSubscribe, encodeVarint, Version } from "../../src/codec/index.js";
import { SessionCode } from "../../src/error.js";
import { accept, connect, type Session } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { MemoryTransport } from "../../src/transport/memory.js";
import { concat } from "../codec/helpers.js";
import { muteConsole, prepareReference } from "./session-peers.js";

const cleanup: (() => void)[] = [];
afterEach(() => {
	for (const fn of cleanup.splice(0)) fn();
});

/** Our server publishing room/video (one finished group, frames [6] and [7, 7]) and our client, on `protocol`. */
async function pair(protocol: string): Promise<{ client: Session; server: Session; remote: OriginProducer }> {
	const { client: ct, server: st } = MemoryTransport.pair({ protocol });
	const origin = new OriginProducer();
	const video = origin.createBroadcast("room").createTrack("video", { timescale: 1000 });
	const g = video.appendGroup();
	g.writeFrame(1, Uint8Array.of(6));
	g.writeFrame(2, Uint8Array.of(7, 7));
	g.finish();
	const remote = new OriginProducer();
	const [client, server] = await Promise.all([connect(ct, { subscribe: remote }), accept(st, { publish: origin.consume() })]);
	cleanup.push(() => client.close(), () => server.close());
	return { client, server, remote };
}

describe("legacy SETUP handshake", () => {
	for (const protocol of ["moql", ""]) {
		test(`${protocol || "no protocol"}: both ends land on moq-lite-02 and a subscription delivers timestamp-less frames`, async () => {
			const { client, server, remote } = await pair(protocol);
			expect([client.version, server.version]).toEqual([Version.Lite02, Version.Lite02]);
			expect([client.protocol, server.protocol]).toEqual(["moq-lite-02", "moq-lite-02"]);
			const sub = await (await remote.consume().requestBroadcast("room")).track("video").subscribe();
			const group = (await sub.recvGroup())!;
			expect(group.sequence).toBe(0);
			const payloads: number[][] = [];
			for (let f = await group.readFrame(); f; f = await group.readFrame()) payloads.push([...f.payload]);
			expect(payloads).toEqual([[6], [7, 7]]);
			// Each side's SESSION_INFO (bitrate 0: unknown) reached the other over the open session stream.
			await expect.poll(() => [client.probe, server.probe], { timeout: 30_000 }).toEqual([{ bitrate: 0 }, { bitrate: 0 }]);
		});
	}
});

/** A raw client on `protocol`: opens the session stream with `hello`; returns what it reads and the server. */
async function rawClient(hello: Uint8Array, protocol = "") {
	const { client: ct, server: st } = MemoryTransport.pair({ protocol });
	const server = accept(st, {});
	server.catch(() => {});
	const stream = await ct.createBidirectionalStream();
	const writer = stream.writable.getWriter();
	await writer.write(hello);
	const reader = stream.readable.getReader();
	const decoder = new Decoder();
	/** The next legacy message of `kind` the server sent on the session stream (undefined at FIN). */
	const next = async <K extends "legacySetup" | "sessionInfo">(kind: K, v: Version = Version.Lite02) => {
		for (;;) {
			const m = decoder.message(kind, v);
			if (m !== undefined) return m;
			const { value, done } = await reader.read();
			if (done) return undefined;
			decoder.push(value);
		}
	};
	cleanup.push(() => ct.close({ closeCode: 0, reason: "" }));
	return { ct, server, writer, next };
}

const hex = (s: string) => Uint8Array.from(s.split(" "), (b) => Number.parseInt(b, 16));
/** @moq/net 0.1.9's CLIENT_SETUP (moq-lite-versions §4.2). */
const CLIENT_SETUP_019 =
	"20 00 2c 03 c0 00 00 00 ff 0d ad 02 c0 00 00 00 ff 0d ad 01 c0 00 00 00 ff 00 00 0e 02 02 80 00 a4 55 07 0b 6d 6f 71 2d 6c 69 74 65 2d 6a 73";

describe("legacy server rules", () => {
	test("answers 0.1.9's CLIENT_SETUP with SERVER_SETUP selecting 02, then SESSION_INFO, and keeps the stream open", async () => {
		const { next, server } = await rawClient(hex(CLIENT_SETUP_019));
		expect(await next("legacySetup")).toEqual({ type: "server", version: Version.Lite02, parameters: [] });
		expect(await next("sessionInfo")).toEqual({ bitrate: 0 });
		expect((await server).version).toBe(Version.Lite02);
	});

	test("picks the client's first version it speaks: [01, 02] selects 01, never 03+", async () => {
		const hello = encodeLegacySetup({ type: "client", versions: [0xff0dad05, 0xff0dad03, Version.Lite01, Version.Lite02], parameters: [] }, Version.Lite02);
		const { next, server } = await rawClient(hello, "moql");
		expect(await next("legacySetup")).toMatchObject({ type: "server", version: Version.Lite01 });
		expect((await server).version).toBe(Version.Lite01);
	});

	test("no common version closes the session with VERSION_NEGOTIATION_FAILED (0x15)", async () => {
		const hello = encodeLegacySetup({ type: "client", versions: [0xff0dad03, 0xff0dad04, 0xff00000e], parameters: [] }, Version.Lite02);
		const { ct, server } = await rawClient(hello);
		await expect(server).rejects.toMatchObject({ sessionCode: SessionCode.VersionNegotiationFailed });
		expect(await ct.closed).toMatchObject({ closeCode: SessionCode.VersionNegotiationFailed });
	});

	test("a first message that is not CLIENT_SETUP closes the session with 0x15", async () => {
		// A moq-lite-03 ANNOUNCE stream (type 1) where the handshake belongs.
		const { ct, server } = await rawClient(hex("01 01 00"));
		await expect(server).rejects.toMatchObject({ sessionCode: SessionCode.VersionNegotiationFailed });
		expect(await ct.closed).toMatchObject({ closeCode: SessionCode.VersionNegotiationFailed });
	});

	test("a FIN on the client's session stream is tolerated: the session keeps serving", async () => {
		const { ct, writer, next, server } = await rawClient(hex(CLIENT_SETUP_019));
		expect(await next("legacySetup")).toMatchObject({ type: "server" });
		expect(await next("sessionInfo")).toEqual({ bitrate: 0 });
		const s = await server;
		await writer.close();
		// A request after the FIN is still answered (a missing broadcast: the stream is reset), the session stays up.
		const sub = await ct.createBidirectionalStream();
		const w = sub.writable.getWriter();
		await w.write(concat([encodeVarint(2), encodeSubscribe({ id: 0, broadcast: "nope", track: "v", priority: 0, ordered: false, maxLatency: 0 }, Version.Lite02)]));
		await expect(sub.readable.getReader().read()).rejects.toBeDefined();
		expect(s.isClosed).toBe(false);
	});
});

describe("our legacy client against @moq/net 0.3.4's accept()", () => {
	test("no protocol: 0.3.4 answers our CLIENT_SETUP with 02 and our subscription delivers its frames", async () => {
		prepareReference();
		muteConsole();
		const { client: ct, server: st } = MemoryTransport.pair({ protocol: "" });
		const accepted = Moq.Connection.accept(st as unknown as WebTransport, new URL("https://relay/"));
		const remote = new OriginProducer();
		const client = await connect(ct, { subscribe: remote });
		const theirs = await accepted;
		cleanup.push(() => client.close(), () => theirs.close());
		expect([client.protocol, theirs.version]).toEqual(["moq-lite-02", "moq-lite-02"]);
		const broadcast = new Moq.Broadcast.Producer();
		theirs.publish(Moq.Path.from("room"), broadcast);
		void (async () => {
			for (let request = await broadcast.requested(); request; request = await broadcast.requested()) {
				const g = request.accept().appendGroup();
				g.writeString("hello");
				g.close();
			}
		})();
		const announced = await remote.consume().announcedBroadcast("room");
		const sub = await announced.track("video").subscribe();
		const group = (await sub.recvGroup())!;
		const frame = (await group.readFrame())!;
		expect(new TextDecoder().decode(frame.payload)).toBe("hello");
	});
});
