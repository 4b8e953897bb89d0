// Headless Chromium (Debian's, through playwright-core) opens real WebTransport sessions to our Node HTTP/3 server
// and WebSocket (QMux) sessions to our WebSocket server, from moqwire's own browser code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumMissing, launchChromium, startServers, type Servers } from "./harness.js";

if (chromiumMissing) console.log(`SKIP test/browser/webtransport.test.ts: ${chromiumMissing}`);

describe.skipIf(chromiumMissing)("chromium ↔ node", () => {
	let servers: Servers;
	let browser: Awaited<ReturnType<typeof launchChromium>>;
	let page: Awaited<ReturnType<Awaited<ReturnType<typeof launchChromium>>["context"]["newPage"]>>;

	beforeAll(async () => {
		servers = await startServers();
		browser = await launchChromium();
		page = await browser.context.newPage();
		await page.goto(`${servers.origin}/`);
		await page.waitForFunction(() => "moqwire" in globalThis);
	}, 30_000);

	afterAll(async () => {
		await browser?.close();
		await servers?.close();
	});

	const call = <T>(fn: string, ...args: unknown[]) =>
		page.evaluate(([f, a]) => (globalThis as any).moqwire[f as string](...(a as unknown[])), [fn, args] as const) as Promise<T>;

	const expected = {
		protocol: "moq-lite-06",
		bidiEcho: "hello bidi",
		uniEcho: "hello uni",
		resetSeen: 7,
		abortSeenByServer: "42",
	};

	it("WebTransport with serverCertificateHashes: moq-lite-06, bidi and uni streams, reset codes both ways, datagrams", async () => {
		const quic = servers.quic!;
		const result = await call("viaWebTransport", `https://127.0.0.1:${quic.port}/moq`, [...quic.certificateHash]);
		expect(result).toEqual({ native: true, ...expected, datagram: "hello datagram" });
		// The page closed with code 3, "done": our server read the close capsule.
		expect(await servers.sessions[0]!.closed).toEqual({ closeCode: 3, reason: "done" });
	});

	it("WebTransport: the browser sees our server's close code and reason", async () => {
		const quic = servers.quic!;
		const info = await call("serverCloses", `https://127.0.0.1:${quic.port}/moq`, [...quic.certificateHash]);
		expect(info).toEqual({ closeCode: 9, reason: "asked to" });
	});

	it("WebSocket (QMux) to serveWebSocket", async () => {
		const result = await call("viaWebSocket", `${servers.origin}/moq`);
		expect(result).toEqual(expected);
	});

	it("connect() race on an http: dev URL pins /certificate.sha256 and WebTransport wins", async () => {
		const result = await call("viaRace", `${servers.origin}/moq`);
		expect(result).toEqual({ native: true, ...expected });
	});

	it("connect() falls back to WebSocket where no QUIC answers", async () => {
		const wsOnly = await startServers({ quic: false });
		try {
			const result = await call("viaRace", `${wsOnly.origin}/moq`);
			expect(result).toEqual({ native: false, ...expected });
		} finally {
			await wsOnly.close();
		}
	});

	it("connect() rejects with the caller's reason when aborted", async () => {
		expect(await call("raceAborted", `${servers.origin}/moq`)).toBe("caller gave up");
	});
});
