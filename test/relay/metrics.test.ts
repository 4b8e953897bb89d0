// /metrics of a spawned relay, scraped and parsed as Prometheus text: sessions by transport and version, refusals,
// broadcasts, HTTP fetches by status, the cache budget.
import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode } from "../../src/error.js";
import { connect } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { connectQuic } from "../../src/transport/quic/index.js";
import { connectWebSocket } from "../../src/transport/websocket/client.js";
import { killAll, startRelay } from "./spawn.js";

afterEach(killAll);

/** `name{a="b",...}` → value, for every sample line; HELP and TYPE lines are checked to precede their samples. */
function parse(text: string): Map<string, number> {
	const samples = new Map<string, number>();
	const typed = new Set<string>();
	for (const line of text.split("\n")) {
		if (!line) continue;
		const meta = /^# (HELP|TYPE) (\w+) /.exec(line);
		if (meta) {
			if (meta[1] === "TYPE") typed.add(meta[2]!);
			continue;
		}
		const m = /^(\w+)(\{[^}]*\})? (-?[\d.e+]+)$/.exec(line);
		if (!m) throw new Error(`not a Prometheus sample: ${line}`);
		if (![...typed].some((t) => m[1]!.startsWith(t))) throw new Error(`sample before its TYPE: ${line}`);
		samples.set(`${m[1]}${m[2] ?? ""}`, Number(m[3]));
	}
	return samples;
}

describe("relay /metrics", () => {
	it("counts sessions by transport and version, refusals, broadcasts, fetches and cache bytes", async () => {
		const relay = await startRelay(["--auth-public", "open", "--cache-bytes", "8MiB"]);
		const base = `http://127.0.0.1:${relay.port}`;
		const origin = new OriginProducer();
		origin.createBroadcast("cam").createTrack("video").writeFrame(1, new Uint8Array(1000));
		const publisher = await connect(await connectWebSocket(`${base}/open`), { publish: origin.consume() });
		const viewer = await connect(await connectQuic(`${base}/open`), { subscribe: new OriginProducer() });
		await expect(connectWebSocket(`${base}/closed`)).rejects.toThrow(/401/);
		// Once the announce has landed, fetch it (200) and something missing (404).
		while ((await (await fetch(`${base}/fetch/open/cam/video?group=0`)).status) !== 200) await new Promise((r) => setTimeout(r, 20));
		expect((await fetch(`${base}/fetch/open/nope/video`)).status).toBe(404);

		const res = await fetch(`${base}/metrics`);
		expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
		const text = await res.text();
		const m = parse(text);
		const types = [...text.matchAll(/^# TYPE (\w+ \w+)$/gm)].map((t) => t[1]);
		expect(m.get('moq_relay_sessions_opened_total{transport="websocket",version="moq-lite-06"}')).toBe(1);
		expect(m.get('moq_relay_sessions_opened_total{transport="webtransport",version="moq-lite-06"}')).toBe(1);
		expect(m.get('moq_relay_sessions{transport="webtransport",version="moq-lite-06"}')).toBe(1);
		expect(m.get('moq_relay_sessions_refused_total{reason="unauthorized"}')).toBe(1);
		expect(m.get("moq_relay_broadcasts")).toBe(1);
		expect(m.get('moq_relay_fetches_total{status="404"}')).toBe(1);
		expect(m.get('moq_relay_fetches_total{status="200"}')).toBeGreaterThanOrEqual(1);
		expect(m.get("moq_relay_cache_capacity_bytes")).toBe(8 * 1024 * 1024);
		expect(m.get("moq_relay_cache_bytes")).toBeGreaterThanOrEqual(1000);
		// The traffic families are on the relay's registry (fed by each counted transport, test/relay/traffic.test.ts).
		expect(types).toEqual(expect.arrayContaining(["moq_relay_bytes_total counter", "moq_relay_groups_total counter", "moq_relay_stream_resets_total counter"]));

		viewer.close();
		publisher.close();
		// Closed sessions leave the gauge and enter the closed counter.
		for (;;) {
			const after = parse(await (await fetch(`${base}/metrics`)).text());
			if (after.get('moq_relay_sessions_closed_total{transport="webtransport",version="moq-lite-06"}') === 1 && after.get('moq_relay_sessions{transport="websocket",version="moq-lite-06"}') === 0) break;
			await new Promise((r) => setTimeout(r, 20));
		}
	});

	it("moves the traffic counters with real traffic through the relay: bytes, groups and resets each way", async () => {
		const relay = await startRelay(["--auth-public", "open"]);
		const base = `http://127.0.0.1:${relay.port}`;
		const scrape = async () => parse(await (await fetch(`${base}/metrics`)).text());
		const sample = (m: Map<string, number>, key: string) => m.get(key) ?? 0;
		const origin = new OriginProducer();
		const video = origin.createBroadcast("cam").createTrack("video");
		const publisher = await connect(await connectWebSocket(`${base}/open`), { publish: origin.consume() });
		const remote = new OriginProducer();
		const viewer = await connect(await connectQuic(`${base}/open`), { subscribe: remote });
		const broadcast = await remote.consume().announcedBroadcast("cam", { signal: AbortSignal.timeout(20_000) });
		const sub = await broadcast.track("video").subscribe();
		await video.used();
		const before = await scrape();

		// Five groups of one 4000-byte frame each: publisher → relay (subscriber role) → viewer (publisher role).
		const GROUPS = 5;
		const SIZE = 4000;
		for (let i = 0; i < GROUPS; i++) {
			video.writeFrame(i, new Uint8Array(SIZE).fill(i));
			const group = (await sub.recvGroup())!;
			expect((await group.readFrame())!.payload[0]).toBe(i);
			video.latestGroup()?.close();
		}
		// A track the publisher does not have: it resets the relay's SUBSCRIBE (received), the relay resets the viewer's (sent).
		const refused = await broadcast
			.track("nope")
			.subscribe()
			.then(
				() => undefined,
				(err: { code?: number }) => err.code,
			);
		expect(refused).toBe(ErrorCode.NotFound);
		const after = await scrape();

		const delta = (key: string) => sample(after, key) - sample(before, key);
		// Wire bytes include stream types, GROUP headers and frame headers, so at least the payloads.
		expect(delta('moq_relay_bytes_total{tier="",role="subscriber"}')).toBeGreaterThanOrEqual(GROUPS * SIZE);
		expect(delta('moq_relay_bytes_total{tier="",role="publisher"}')).toBeGreaterThanOrEqual(GROUPS * SIZE);
		expect(delta('moq_relay_groups_total{tier="",role="subscriber"}')).toBeGreaterThanOrEqual(GROUPS);
		expect(delta('moq_relay_groups_total{tier="",role="publisher"}')).toBeGreaterThanOrEqual(GROUPS);
		expect(delta(`moq_relay_stream_resets_total{direction="received",code="${ErrorCode.NotFound}"}`)).toBeGreaterThanOrEqual(1);
		expect(delta(`moq_relay_stream_resets_total{direction="sent",code="${ErrorCode.NotFound}"}`)).toBeGreaterThanOrEqual(1);
		sub.close();
		viewer.close();
		publisher.close();
	});
});
