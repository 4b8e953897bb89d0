// A person's view of `moqwire serve`: Chromium opens http://HOST:PORT/ of the real CLI process, the page (moqwire in
// the browser) connects over WebTransport, shows the ticking clock, and FETCHes the previous second on a click.
import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumMissing, launchChromium } from "./harness.js";

if (chromiumMissing) console.log(`SKIP test/browser/demo-page.test.ts: ${chromiumMissing}`);

describe.skipIf(chromiumMissing)("the demo page of moqwire serve in chromium", () => {
	let serve: ChildProcess;
	let port: number;
	let browser: Awaited<ReturnType<typeof launchChromium>>;

	beforeAll(async () => {
		serve = spawn(process.execPath, ["dist/cli.js", "serve", "--bind", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
		port = await new Promise<number>((resolve, reject) => {
			let out = "";
			serve.stdout!.on("data", (d: Buffer) => {
				out += d;
				const m = /browser viewer:\s+http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
				if (m) resolve(Number(m[1]));
			});
			serve.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
		});
		browser = await launchChromium();
		// A finished second to fetch.
		await new Promise((r) => setTimeout(r, 1100));
	}, 30_000);

	afterAll(async () => {
		await browser?.close();
		serve?.kill("SIGTERM");
	});

	it("shows the clock over WebTransport and fetches the previous second", async () => {
		const page = await browser.context.newPage();
		// WebTransport only: on a busy machine the WebSocket fallback may otherwise win the race.
		await page.goto(`http://127.0.0.1:${port}/?transport=webtransport`);
		await page.waitForFunction(() => document.getElementById("status")?.textContent !== "connecting…", null, { timeout: 10_000 });
		expect(await page.textContent("#status")).toBe("moq-lite-06 over WebTransport");
		await page.waitForFunction(() => /^\d{4}-\d\d-\d\dT/.test(document.getElementById("clock")?.textContent ?? ""), null, { timeout: 5_000 });
		const first = await page.textContent("#clock");
		await page.waitForFunction((was) => document.getElementById("clock")?.textContent !== was, first, { timeout: 5_000 });
		expect(Math.abs(Date.parse((await page.textContent("#clock"))!) - Date.now())).toBeLessThan(5_000);
		await page.click("#fetch");
		await page.waitForFunction(() => /^group \d+: \d+ frames/.test(document.getElementById("past")?.textContent ?? ""), null, { timeout: 5_000 });
		expect(await page.textContent("#past")).toMatch(/^group \d+: ([1-9]|10) frames, \d{4}-/);
		await page.close();
	});
});
