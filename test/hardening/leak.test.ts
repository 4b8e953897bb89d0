// Leak test (issue 5): many moq-lite sessions opened and closed against `listen()` (the relay endpoint) over real
// loopback sockets. After the last close: the endpoint holds no session, the heap is back near its baseline, the
// process's active handles are the ones it had before, and nothing (timer, socket, pending promise) keeps a child
// process alive after close().
import { spawnSync } from "node:child_process";
import { afterEach, expect, it } from "vitest";
import { connect, type Session } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { type Endpoint, listen } from "../../src/node/endpoint.js";
import { connectQuic, serveQuic } from "../../src/transport/quic/index.js";
import type { QuicTransport } from "../../src/transport/quic/transport.js";
import type { Transport } from "../../src/transport/types.js";
import { connectWebSocket } from "../../src/transport/websocket/index.js";
import { settledHeap } from "./gc.js";

const MiB = 1024 * 1024;
/** Sessions per transport: sized for the CI budget on a shared 2-core machine (LEAK_SESSIONS=10000 for the full
 * run: ~200 WebSocket sessions/s and ~20 QUIC sessions/s here). */
const WS_SESSIONS = Number(process.env.LEAK_SESSIONS ?? 1500);
const QUIC_SESSIONS = Number(process.env.LEAK_QUIC_SESSIONS ?? 60);
const PARALLEL = 16;

let cleanup: (() => Promise<void>)[] = [];
// Closing a QUIC server waits for its connections to drain, which a busy machine stretches.
afterEach(async () => {
	for (const c of cleanup.reverse()) await c();
	cleanup = [];
}, 60_000);

function resources(): Map<string, number> {
	const m = new Map<string, number>();
	for (const r of process.getActiveResourcesInfo()) m.set(r, (m.get(r) ?? 0) + 1);
	return m;
}

/** Resource kinds whose count grew since `before` (sockets, timers, ...). */
function grownResources(before: Map<string, number>): Record<string, number> {
	const out: Record<string, number> = {};
	for (const [k, n] of resources()) if (n > (before.get(k) ?? 0)) out[k] = n - (before.get(k) ?? 0);
	return out;
}

/** Opens `n` sessions (PARALLEL at a time), each subscribing to the endpoint's announcements, then closes it.
 * Returns how long that took and, per client transport, `end(transport)` (kept instead of the transport, which
 * would stay reachable and count as a leak). */
async function churn<T extends Transport>(n: number, dial: () => Promise<T>, end: (t: T) => Promise<unknown>): Promise<{ ms: number; ends: Promise<unknown>[] }> {
	let opened = 0;
	const ends: Promise<unknown>[] = [];
	const worker = async () => {
		while (opened < n) {
			opened++;
			const transport = await dial();
			ends.push(end(transport));
			const session: Session = await connect(transport, { subscribe: new OriginProducer() });
			session.close();
			await session.closed;
		}
	};
	const started = performance.now();
	await Promise.all(Array.from({ length: PARALLEL }, worker));
	return { ms: performance.now() - started, ends };
}

/** One whole turn of the event loop: libuv frees a closed socket's handle in the close phase after close(). */
const loopTurn = () => new Promise<void>((r) => setImmediate(() => setImmediate(r)));

/** Waits until the endpoint has let every session go: each one's `closed`, however many the relay still adds. */
async function forgotten(endpoint: Endpoint): Promise<void> {
	while (endpoint.sessions.size > 0) await Promise.all([...endpoint.sessions].map((s) => s.closed));
}

it(`${WS_SESSIONS} WebSocket sessions opened and closed against listen(): heap and handles back to baseline`, async () => {
	const origin = new OriginProducer();
	origin.createBroadcast("room").createTrack("video");
	const endpoint = await listen({ bind: "127.0.0.1:0", origin });
	cleanup.push(() => endpoint.close());
	const url = `ws://127.0.0.1:${endpoint.port}/`;
	const dial = () => connectWebSocket(url);
	// Every client transport's end (its socket closed) and every server session's: the signals that nothing is left.
	const end = (t: Transport) => t.closed.catch(() => undefined);
	// Then the handles themselves: no event marks the end of a closed WebSocket's TCP socket (the QMux session is
	// closed before it) or of @moq/qmux's idle timer (cleared on its next tick), so their count is polled until it
	// is back: a real leak never gets there and fails on the test's timeout.
	const settle = async (ends: Promise<unknown>[], handles?: Map<string, number>) => {
		await Promise.all(ends);
		await forgotten(endpoint);
		while (handles && Object.keys(grownResources(handles)).length > 0) await new Promise((r) => setTimeout(r, 50));
	};
	// Warm up (module loading, JIT, pools) before the baseline.
	await settle((await churn(50, dial, end)).ends);
	const heap0 = settledHeap();
	const handles0 = resources();
	const { ms, ends } = await churn(WS_SESSIONS, dial, end);
	const closing = performance.now();
	// Reaching the end of this wait is the handles check.
	await settle(ends, handles0);
	const settled = performance.now() - closing;
	const grew = (settledHeap() - heap0) / MiB;
	console.log(`leak: ${WS_SESSIONS} WebSocket sessions in ${(ms / 1000).toFixed(1)} s (${Math.round(WS_SESSIONS / (ms / 1000))}/s), handles back ${Math.round(settled)} ms after the last close; heap ${grew >= 0 ? "+" : ""}${grew.toFixed(2)} MiB`);
	expect(endpoint.sessions.size).toBe(0);
	expect(grew).toBeLessThan(4);
}, 120_000);

it(`${QUIC_SESSIONS} QUIC (WebTransport) sessions opened and closed against listen(): heap and handles back to baseline`, async () => {
	const origin = new OriginProducer();
	const endpoint = await listen({ bind: "127.0.0.1:0", origin });
	cleanup.push(() => endpoint.close());
	const released = (t: QuicTransport) => t.link.released;
	const accepted: Promise<void>[] = [];
	const quic = await serveQuic({
		onSession: (t) => {
			accepted.push(released(t));
			endpoint.adopt(t);
		},
	});
	cleanup.push(() => quic.close());
	const url = `https://127.0.0.1:${quic.port}/`;
	// 16 handshakes at once on a busy machine can outlast the default 10 s connect timeout, which is not under test.
	const dial = () => connectQuic(url, { serverCertificateHashes: [quic.certificateHash], timeout: Number.POSITIVE_INFINITY });
	// A closed QUIC connection drains for three PTOs (longer on a busy machine) before its timers go, and a dialed
	// one's socket after that: wait for every connection on both sides to be released, then for the sessions.
	const settle = async (dialed: Promise<unknown>[]) => {
		await Promise.all([...dialed, ...accepted.splice(0)]);
		await forgotten(endpoint);
		await loopTurn();
	};
	await settle((await churn(10, dial, released)).ends);
	const heap0 = settledHeap();
	const handles0 = resources();
	const { ms, ends } = await churn(QUIC_SESSIONS, dial, released);
	const closing = performance.now();
	await settle(ends);
	const settled = performance.now() - closing;
	const grew = (settledHeap() - heap0) / MiB;
	// Sampled once, before anything is logged (the console itself schedules work).
	const grown = grownResources(handles0);
	console.log(`leak: ${QUIC_SESSIONS} QUIC sessions in ${(ms / 1000).toFixed(1)} s (${Math.round(QUIC_SESSIONS / (ms / 1000))}/s), every connection released ${Math.round(settled)} ms after the last close; heap ${grew >= 0 ? "+" : ""}${grew.toFixed(2)} MiB; grown handles ${JSON.stringify(grown)}`);
	expect(endpoint.sessions.size).toBe(0);
	expect(grew).toBeLessThan(4);
	expect(grown).toEqual({});
}, 120_000);

it("nothing keeps the process alive after close(): a child that serves, connects and closes exits by itself", () => {
	// Bundled on the fly like bench/run.mjs: plain Node cannot import the TypeScript sources.
	const script = `
		import { connect } from "./src/lite/index.ts";
		import { OriginProducer } from "./src/model/index.ts";
		import { listen } from "./src/node/endpoint.ts";
		import { connectWebSocket } from "./src/transport/websocket/index.ts";
		import { installModule } from "./src/wasm/core.ts";
		import { readFileSync } from "node:fs";
		installModule(new WebAssembly.Module(readFileSync("build/moqwire.wasm")));
		const origin = new OriginProducer();
		origin.createBroadcast("room").createTrack("video");
		const endpoint = await listen({ bind: "127.0.0.1:0", origin });
		for (let i = 0; i < 20; i++) {
			const session = await connect(await connectWebSocket("ws://127.0.0.1:" + endpoint.port + "/"), { subscribe: new OriginProducer() });
			session.close();
			await session.closed;
		}
		await endpoint.close();
		console.log("closed");
	`;
	const bundle = spawnSync(process.execPath, ["-e", `require("esbuild").build({ stdin: { contents: ${JSON.stringify(script)}, resolveDir: process.cwd(), loader: "ts" }, bundle: true, platform: "node", format: "esm", packages: "external", outfile: "build/hardening/exit.mjs", logLevel: "warning" }).catch((e) => { console.error(e); process.exit(1); })`], { encoding: "utf8" });
	expect(bundle.status, bundle.stderr).toBe(0);
	// A child that something keeps alive never exits: the kill timeout only tells that apart from a slow machine.
	const child = spawnSync(process.execPath, ["build/hardening/exit.mjs"], { encoding: "utf8", timeout: 60_000 });
	expect(child.stdout, child.stderr).toContain("closed");
	// Exited on its own (no timeout kill).
	expect(child.signal).toBeNull();
	expect(child.status).toBe(0);
}, 90_000);
