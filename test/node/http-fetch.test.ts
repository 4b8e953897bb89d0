// The relay's HTTP fetch endpoint: a group from a broadcast another session publishes, fetched over the wire
// through the relay, served as plain HTTP.
import { afterEach, describe, expect, it } from "vitest";
import { connect, type Session } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { type Endpoint, listen } from "../../src/node/endpoint.js";
import { connectWebSocket } from "../../src/transport/websocket/client.js";

let relay: Endpoint | undefined;
let publisher: Session | undefined;
afterEach(async () => {
	publisher?.close();
	await relay?.close();
});

/** A relay, and a client session publishing room/cam → track "video" with groups 0..2 of two frames each. */
async function setup(): Promise<string> {
	relay = await listen({ bind: "127.0.0.1:0", origin: new OriginProducer(), quic: false });
	const local = new OriginProducer();
	const track = local.createBroadcast("room/cam").createTrack("video");
	for (let g = 0; g < 3; g++) {
		const group = track.appendGroup();
		group.writeFrame(g * 1000, new TextEncoder().encode(`g${g}a|`));
		group.writeFrame(g * 1000 + 1, new TextEncoder().encode(`g${g}b`));
		group.finish();
	}
	publisher = await connect(await connectWebSocket(`http://127.0.0.1:${relay.port}/`), { publish: local.consume() });
	// An unknown broadcast is 404 at once: fetch only once the relay has the announcement.
	await relay.relay.origin.consume().announcedBroadcast("room/cam", { signal: AbortSignal.timeout(10_000) });
	return `http://127.0.0.1:${relay.port}/fetch/room/cam/video`;
}

describe("HTTP fetch through the relay", () => {
	it("serves a past group fetched from the publishing session", async () => {
		const url = await setup();
		const res = await fetch(`${url}?group=1`);
		expect(res.status).toBe(200);
		expect(res.headers.get("x-moq-group")).toBe("1");
		expect(await res.text()).toBe("g1a|g1b");
	});

	it("serves the newest group for group=latest", async () => {
		const url = await setup();
		const res = await fetch(`${url}?group=latest`);
		expect([res.status, res.headers.get("x-moq-group"), await res.text()]).toEqual([200, "2", "g2a|g2b"]);
	});

	it("answers 404 for a group the publisher does not have, 400 for a bad group, and keeps serving", async () => {
		const url = await setup();
		const missing = await fetch(`${url}?group=9`);
		expect(missing.status).toBe(404);
		expect(await missing.text()).toMatch(/^room\/cam\/video group 9: .*\(code 51\)\n$/);
		expect((await fetch(`${url}?group=x`)).status).toBe(400);
		expect(await (await fetch(`${url}?group=0`)).text()).toBe("g0a|g0b");
	});
});
