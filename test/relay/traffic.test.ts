// Traffic metrics (relay-ops.md §4): a publisher and a viewer on a relay origin, each relay-side transport counted.
// Groups and bytes are counted each way (publisher = what the relay sends, subscriber = what it receives), stream
// resets by direction and code, and the counters appear on the relay's Prometheus registry.
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../src/error.js";
import { accept, connect } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { Metrics } from "../../src/relay/metrics.js";
import { countTraffic } from "../../src/relay/traffic.js";
import { MemoryTransport } from "../../src/transport/memory.js";
import { resetReason } from "../../src/transport/reset.js";

/** `name{labels}` → value from the registry's text, like a scrape. */
async function scrape(metrics: Metrics): Promise<Map<string, number>> {
	const samples = new Map<string, number>();
	for (const line of (await metrics.registry.metrics()).split("\n")) {
		const m = /^(\w+)(\{[^}]*\})? (\S+)$/.exec(line);
		if (m) samples.set(`${m[1]}${m[2] ?? ""}`, Number(m[3]));
	}
	return samples;
}

describe("relay traffic metrics", () => {
	it("counts groups and bytes both ways and resets by code, on the relay's registry", async () => {
		const relay = new OriginProducer();
		const metrics = new Metrics(relay.consume(), undefined);
		// The publisher's session into the relay, and the viewer's out of it.
		const published = new OriginProducer();
		const track = published.createBroadcast("cam").createTrack("video");
		const up = MemoryTransport.pair({ protocol: "moq-lite-05" });
		const relayUp = accept(countTraffic(up.server, metrics.traffic), { subscribe: relay, pull: false });
		const publisher = await connect(up.client, { publish: published.consume() });
		await relayUp;
		const down = MemoryTransport.pair({ protocol: "moq-lite-05" });
		const relayDown = accept(countTraffic(down.server, metrics.traffic), { publish: relay.consume() });
		const seen = new OriginProducer();
		const viewer = await connect(down.client, { subscribe: seen });
		await relayDown;

		const cam = await seen.consume().requestBroadcast("cam");
		const sub = await cam.track("video").subscribe();
		await track.used();
		const PAYLOAD = 1000;
		for (let i = 0; i < 3; i++) {
			const g = track.appendGroup();
			g.writeFrame(i, new Uint8Array(PAYLOAD).fill(i));
			g.finish();
		}
		for (let i = 0; i < 3; i++) expect((await sub.readFrame())?.payload.byteLength).toBe(PAYLOAD);

		// A track the publisher does not have: it resets the relay's SUBSCRIBE (received), the relay the viewer's (sent).
		await expect(cam.track("absent").subscribe()).rejects.toThrow();
		const m = await scrape(metrics);
		expect(m.get(`moq_relay_stream_resets_total{direction="received",code="${ErrorCode.NotFound}"}`)).toBe(1);
		expect(m.get(`moq_relay_stream_resets_total{direction="sent",code="${ErrorCode.NotFound}"}`)).toBe(1);
		// Three GROUP streams in from the publisher, three out to the viewer.
		expect(m.get('moq_relay_groups_total{tier="",role="subscriber"}')).toBe(3);
		expect(m.get('moq_relay_groups_total{tier="",role="publisher"}')).toBe(3);
		// Bytes on the streams each way: at least the payloads, plus headers and control messages.
		expect(m.get('moq_relay_bytes_total{tier="",role="subscriber"}')).toBeGreaterThan(3 * PAYLOAD);
		expect(m.get('moq_relay_bytes_total{tier="",role="publisher"}')).toBeGreaterThan(3 * PAYLOAD);
		sub.close();
		publisher.close();
		viewer.close();
	});

	it("a peer's reset code above the label range is counted as other", async () => {
		const metrics = new Metrics(new OriginProducer().consume(), undefined);
		const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
		countTraffic(server, metrics.traffic);
		const incoming = server.incomingUnidirectionalStreams.getReader();
		const sent = await client.createUnidirectionalStream();
		await sent.getWriter().abort(resetReason(4_000_000));
		const stream = (await incoming.read()).value!;
		await expect(stream.getReader().read()).rejects.toThrow();
		expect((await scrape(metrics)).get('moq_relay_stream_resets_total{direction="received",code="other"}')).toBe(1);
	});
});
