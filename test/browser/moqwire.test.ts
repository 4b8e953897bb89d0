// Our whole stack in headless Chromium: the browser entry (WASM fetched beside the script) connects to a moqwire
// endpoint (`moqwire serve` without the CLI) over real WebTransport — pinned through /certificate.sha256 — and over
// WebSocket (QMux), subscribes to demo/clock and FETCHes a past second.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OriginProducer } from "../../src/model/index.js";
import { type DemoClock, publishClock } from "../../src/node/demo-clock.js";
import { type Endpoint, listen } from "../../src/node/endpoint.js";
import { chromiumMissing, launchChromium, pageScript } from "./harness.js";

if (chromiumMissing) console.log(`SKIP test/browser/moqwire.test.ts: ${chromiumMissing}`);

describe.skipIf(chromiumMissing)("moqwire in chromium ↔ moqwire endpoint", () => {
	let endpoint: Endpoint;
	let clock: DemoClock;
	let pages: Server;
	let browser: Awaited<ReturnType<typeof launchChromium>>;

	beforeAll(async () => {
		const origin = new OriginProducer();
		clock = publishClock(origin);
		endpoint = await listen({ bind: "127.0.0.1:0", origin });
		const script = await pageScript("./moqwire-page.ts");
		const wasm = readFileSync("build/moqwire.wasm");
		pages = createServer((req, res) => {
			const path = new URL(req.url ?? "/", "http://x").pathname;
			if (path === "/") res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><script type="module" src="/page.js"></script>');
			else if (path === "/page.js") res.writeHead(200, { "content-type": "text/javascript" }).end(script);
			else if (path === "/moqwire.wasm") res.writeHead(200, { "content-type": "application/wasm" }).end(wasm);
			else res.writeHead(404).end();
		});
		await new Promise<void>((r) => pages.listen(0, "127.0.0.1", r));
		browser = await launchChromium();
		// Let the clock finish a second, so there is a past group to fetch.
		await new Promise((r) => setTimeout(r, 1100));
	}, 30_000);

	afterAll(async () => {
		await browser?.close();
		pages?.closeAllConnections();
		await new Promise<void>((r) => (pages ? pages.close(() => r()) : r()));
		clock?.stop();
		await endpoint?.close();
	});

	for (const webSocketOnly of [false, true]) {
		it(webSocketOnly ? "over WebSocket (QMux)" : "over WebTransport (HTTP/3), pinned from /certificate.sha256", async () => {
			const page = await browser.context.newPage();
			await page.goto(`http://127.0.0.1:${(pages.address() as AddressInfo).port}/`);
			await page.waitForFunction(() => "moqwire" in globalThis);
			const url = `http://127.0.0.1:${endpoint.port}/`;
			const result = await page.evaluate(([u, ws]) => (globalThis as any).moqwire.watchClock(u, ws), [url, webSocketOnly] as const);
			expect(result.protocol).toBe("moq-lite-06");
			expect(result.native).toBe(!webSocketOnly);
			expect(new Date(result.text).toISOString()).toBe(result.text);
			expect(result.fetched).toBeGreaterThanOrEqual(1);
			expect(result.fetched).toBeLessThanOrEqual(10);
			await page.close();
		});
	}
});
