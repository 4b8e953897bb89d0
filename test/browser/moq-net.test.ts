// @moq/net in headless Chromium, over real WebTransport, to @moq/net's accept() on our Node HTTP/3 server:
// the browser negotiates moq-lite-05 through our wt-protocol answer, discovers the broadcast and subscribes.
import * as Moq from "@moq/net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ensurePromiseWithResolvers } from "../../src/transport/websocket/polyfill.js";
import { chromiumMissing, launchChromium, startServers, type Servers } from "./harness.js";

if (chromiumMissing) console.log(`SKIP test/browser/moq-net.test.ts: ${chromiumMissing}`);

describe.skipIf(chromiumMissing)("chromium @moq/net ↔ node @moq/net over our WebTransport server", () => {
	let servers: Servers;
	let browser: Awaited<ReturnType<typeof launchChromium>>;
	const accepted: Promise<Awaited<ReturnType<typeof Moq.Connection.accept>>>[] = [];

	beforeAll(async () => {
		ensurePromiseWithResolvers();
		for (const level of ["log", "debug", "info", "warn"] as const) vi.spyOn(console, level).mockImplementation(() => {});
		servers = await startServers({
			page: "./moq-net-page.ts",
			onSession: (transport, url) => {
				const established = Moq.Connection.accept(transport as unknown as WebTransport, url);
				accepted.push(established);
				void established.then((connection) => {
					const broadcast = new Moq.Broadcast.Producer();
					connection.publish(Moq.Path.from("demo"), broadcast);
					void (async () => {
						for (let request = await broadcast.requested(); request; request = await broadcast.requested()) {
							const track = request.accept();
							const group = track.appendGroup();
							group.writeString("tick 0");
							group.writeString("tick 1");
							group.close();
						}
					})();
				});
			},
		});
		browser = await launchChromium();
	}, 30_000);

	afterAll(async () => {
		await browser?.close();
		for (const a of accepted) await a.then((c) => c.close()).catch(() => {});
		await servers?.close();
		vi.restoreAllMocks();
	});

	it("negotiates moq-lite-05, announces and subscribes", async () => {
		const page = await browser.context.newPage();
		await page.goto(`${servers.origin}/`);
		await page.waitForFunction(() => "moqnet" in globalThis);
		const quic = servers.quic!;
		const hash = Buffer.from(quic.certificateHash).toString("hex");
		const url = `https://127.0.0.1:${quic.port}/moq`;
		const result = await page.evaluate(([u, h]) => (globalThis as any).moqnet.subscribe(u, h), [url, hash] as const);
		expect(result).toEqual({ version: "moq-lite-05", announced: { path: "demo", active: true }, frames: ["tick 0", "tick 1"] });
		expect((await accepted[0])?.version).toBe("moq-lite-05");
	});
});
