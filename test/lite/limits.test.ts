// SessionOptions.maxMessage: a control message longer than the session's limit resets its stream with
// BoundsExceeded (11) before its body is buffered; the same message under the default limit is served.
import { expect, test } from "vitest";
import { encodeTrackRequest, Version } from "../../src/codec/index.js";
import { ErrorCode } from "../../src/error.js";
import { accept } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { MemoryTransport } from "../../src/transport/memory.js";
import { concat, rawBidi, type } from "./helpers.js";

const V = Version.Lite05;
const LONG = "t".repeat(300);

async function trackRequest(maxMessage?: number) {
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
	const origin = new OriginProducer();
	origin.createBroadcast("room").createTrack(LONG);
	await accept(server, { publish: origin.consume(), ...(maxMessage === undefined ? {} : { maxMessage }) });
	return rawBidi(() => client.createBidirectionalStream(), concat(type(6), encodeTrackRequest({ broadcast: "room", track: LONG }, V)));
}

test("a TRACK longer than maxMessage is reset with 11; under the default it is answered", async () => {
	const small = await trackRequest(100);
	expect(await small.reader.ended()).toBe(ErrorCode.Internal);
	const normal = await trackRequest();
	expect(await normal.reader.message("trackInfo", V)).toMatchObject({ timescale: 1000 });
});
