// @moq/net 0.1.9 in headless Chromium against our session on our servers: over WebSocket it offers only bare
// subprotocols and lands on moq-lite-02 by legacy SETUP; over WebTransport it offers moq-lite-04 first and lands
// there. Both ways it subscribes to what we publish and publishes to us.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { accept, type Session } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { chromiumMissing, launchChromium, startServers, type Servers } from "./harness.js";

if (chromiumMissing) console.log(`SKIP test/browser/moq-net-019.test.ts: ${chromiumMissing}`);

describe.skipIf(chromiumMissing)("chromium @moq/net 0.1.9 ↔ our session", () => {
	let servers: Servers;
	let browser: Awaited<ReturnType<typeof launchChromium>>;
	const sessions: Promise<Session>[] = [];
	const published = new OriginProducer();
	/** Where the browser's broadcasts land: one per test, so the last page's never stands in for the next one's. */
	let remote = new OriginProducer();

	beforeAll(async () => {
		for (const level of ["log", "debug", "info", "warn"] as const) vi.spyOn(console, level).mockImplementation(() => {});
		const clock = published.createBroadcast("demo").createTrack("clock");
		// Each new subscriber starts at the latest group: one finished group of two frames is always there.
		const group = clock.appendGroup();
		group.writeFrame(0, new TextEncoder().encode("tick 0"));
		group.writeFrame(1, new TextEncoder().encode("tick 1"));
		group.finish();
		servers = await startServers({
			page: "./moq-net-019-page.ts",
			onSession: (transport) => sessions.push(accept(transport, { publish: published.consume(), subscribe: remote })),
		});
		browser = await launchChromium();
	}, 30_000);

	afterAll(async () => {
		await browser?.close();
		for (const s of sessions) await s.then((x) => x.close()).catch(() => {});
		await servers?.close();
		vi.restoreAllMocks();
	});

	for (const [transport, version] of [
		["websocket", "moq-lite-02"],
		["webtransport", "moq-lite-04"],
	] as const) {
		it(`over ${transport}: lands on ${version}, subscribes and publishes`, async () => {
			const page = await browser.context.newPage();
			await page.goto(`${servers.origin}/`);
			await page.waitForFunction(() => "moqnet019" in globalThis);
			const hash = Buffer.from(servers.quic!.certificateHash).toString("hex");
			const url = `${transport === "websocket" ? servers.origin : `https://127.0.0.1:${servers.quic!.port}`}/moq`;
			remote = new OriginProducer();
			const before = sessions.length;
			const result = await page.evaluate(([u, h, t]) => (globalThis as any).moqnet019.run(u, h, t), [url, hash, transport] as const);
			expect(result).toEqual({ version, frames: ["tick 0", "tick 1"] });
			const session = await sessions[before]!;
			expect(session.protocol).toBe(version);
			// What the browser publishes reaches us: announced, then one group on request.
			const up = await remote.consume().announcedBroadcast("up");
			const sub = await up.track("cam").subscribe();
			const g = (await sub.recvGroup())!;
			const got: string[] = [];
			for (let f = await g.readFrame(); f; f = await g.readFrame()) got.push(new TextDecoder().decode(f.payload));
			expect(got).toEqual(["from the browser 0", "from the browser 1"]);
			sub.close();
			await page.evaluate(() => (globalThis as any).moqnet019.close());
			await page.close();
		});
	}
});
