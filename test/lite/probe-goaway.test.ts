// PROBE and GOAWAY: reports from a peer that measures are kept; a GOAWAY is read and ignored.
import { expect, test } from "vitest";
import { encodeGoaway, encodeProbe, encodeSetup, Version } from "../../src/codec/index.js";
import { SessionCode } from "../../src/error.js";
import { accept, connect } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { MemoryTransport } from "../../src/transport/memory.js";
import { concat, RawReader, rawBidi, type } from "./helpers.js";

test("moq-lite-05: a PROBE stream opens only when the peer's SETUP advertises Report; reports are kept", async () => {
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
	const session = await connect(client, {});
	const setup = (await server.createUnidirectionalStream()).getWriter();
	await setup.write(concat(type(1), encodeSetup({ probe: 1 }, Version.Lite05)));
	await setup.close();
	const { value } = await server.incomingBidirectionalStreams.getReader().read();
	const probe = new RawReader(value!.readable);
	expect(await probe.varint()).toBe(4);
	await value!.writable.getWriter().write(encodeProbe({ bitrate: 2_000_000, rtt: 12 }, Version.Lite05));
	while (!session.probe) await new Promise((r) => setTimeout(r, 1));
	expect(session.probe).toEqual({ bitrate: 2_000_000, rtt: 12 });
});

test("we answer a PROBE stream by closing it (no statistics to report)", async () => {
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-04" });
	await accept(server, {});
	const { reader } = await rawBidi(() => client.createBidirectionalStream(), type(4));
	expect(await reader.ended()).toBe("fin");
});

test("a client's empty GOAWAY is read and acknowledged; the session carries on", async () => {
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
	const origin = new OriginProducer();
	origin.createBroadcast("room").createTrack("video");
	const session = await accept(server, { publish: origin.consume() });
	const { reader } = await rawBidi(() => client.createBidirectionalStream(), concat(type(5), encodeGoaway({ uri: "" }, Version.Lite05)));
	expect(await reader.ended()).toBe("fin");
	expect(session.isClosed).toBe(false);
});

for (const protocol of ["moq-lite-05", "moq-lite-06"]) {
	test(`${protocol}: a second GOAWAY, or a URI from a client, closes the session with PROTOCOL_VIOLATION (0x3)`, async () => {
		for (const uris of [["", ""], ["https://elsewhere/"]]) {
			const { client, server } = MemoryTransport.pair({ protocol });
			const session = await accept(server, {});
			for (const uri of uris) await rawBidi(() => client.createBidirectionalStream(), concat(type(5), encodeGoaway({ uri }, Version.Lite05)));
			expect(await client.closed).toMatchObject({ closeCode: SessionCode.ProtocolViolation });
			expect(session.isClosed).toBe(true);
		}
	});
}
