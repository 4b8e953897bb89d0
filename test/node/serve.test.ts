// The main job: `moqwire serve` as a real process, reached by the reference client over a real socket.
import { type ChildProcess, spawn } from "node:child_process";
import * as Moq from "@moq/net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { connect } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { connectQuic } from "../../src/transport/quic/index.js";

// The reference client dials WebSocket through the global, which Node 20 lacks.
const hadWebSocket = "WebSocket" in globalThis;
beforeAll(() => {
	if (!hadWebSocket) (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
});
afterAll(() => {
	if (!hadWebSocket) delete (globalThis as { WebSocket?: unknown }).WebSocket;
});

let child: ChildProcess | undefined;
afterEach(() => {
	child?.kill("SIGKILL");
	child = undefined;
});

/** Starts the built CLI on a free port and resolves with its port once it printed where it listens. */
function startServe(): Promise<number> {
	child = spawn(process.execPath, ["dist/cli.js", "serve", "--bind", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
	return new Promise((resolve, reject) => {
		let out = "";
		child!.stdout!.on("data", (d: Buffer) => {
			out += d;
			const m = /serving moq-lite on [^\s]+:(\d+)/.exec(out);
			if (m) resolve(Number(m[1]));
		});
		child!.once("exit", (code) => reject(new Error(`serve exited early with ${code}: ${out}`)));
	});
}

describe("moqwire serve", () => {
	it("publishes demo/clock to the reference client: announce, subscribe, ISO-time frames, fetch of a past second", async () => {
		const port = await startServe();
		const client = await Moq.Connection.connect(new URL(`http://127.0.0.1:${port}/`), { websocket: { delay: 0 } });
		try {
			expect(client.version).toBe("moq-lite-05");
			const announced = client.announced();
			expect(await announced.next()).toEqual({ path: "demo/clock", active: true });
			announced.close();

			const broadcast = client.consume(Moq.Path.from("demo/clock"));
			const track = broadcast.subscribe("seconds");
			const group = await track.recvGroup();
			const text = await group!.readString();
			expect(new Date(text!).toISOString()).toBe(text);
			expect(Math.abs(Date.parse(text!) - Date.now())).toBeLessThan(5000);
			const live = group!.sequence;
			track.close();

			// Wait for the next second so `live` is a finished past group, then fetch it.
			await new Promise((r) => setTimeout(r, 1100));
			const fetched = await broadcast.fetchGroup("seconds", live);
			const frames: string[] = [];
			for (let f = await fetched.readString(); f !== undefined; f = await fetched.readString()) frames.push(f);
			expect(frames.length).toBeGreaterThanOrEqual(1);
			expect(frames.length).toBeLessThanOrEqual(10);
			for (const f of frames) expect(Math.floor(Date.parse(f) / 1000)).toBe(Math.floor(Date.parse(frames[0]!) / 1000));
		} finally {
			client.close();
		}
	});

	it("answers our QUIC client over HTTP/3 WebTransport (pinned via /certificate.sha256) and raw QUIC", async () => {
		const port = await startServe();
		// Raw QUIC has no URL to pin from, so take the pin from /certificate.sha256 ourselves.
		const pin = await (await fetch(`http://127.0.0.1:${port}/certificate.sha256`)).text();
		const dials = [
			() => connectQuic(`http://127.0.0.1:${port}/`),
			() => connectQuic(`moql://127.0.0.1:${port}/`, { serverCertificateHashes: [{ algorithm: "sha-256", value: pin }] }),
		];
		for (const dial of dials) {
			const remote = new OriginProducer();
			const session = await connect(await dial(), { subscribe: remote });
			try {
				expect(session.transport.protocol).toBe("moq-lite-06");
				const clock = await remote.consume().announcedBroadcast("demo/clock");
				const seconds = await clock.track("seconds").subscribe();
				const frame = await (await seconds.recvGroup())!.readFrame();
				const text = new TextDecoder().decode(frame!.payload);
				expect(new Date(text).toISOString()).toBe(text);
			} finally {
				session.close();
			}
		}
	});

	it("exits with an error, not a hang, when its port is taken", async () => {
		const port = await startServe();
		const second = spawn(process.execPath, ["dist/cli.js", "serve", "--bind", `127.0.0.1:${port}`], { stdio: ["ignore", "pipe", "pipe"] });
		let stderr = "";
		second.stderr!.on("data", (d: Buffer) => (stderr += d));
		const code = await new Promise<number | null>((r) => second.once("exit", r));
		expect(code).toBe(1);
		expect(stderr).toMatch(new RegExp(`TCP port ${port} on 127.0.0.1 is taken`));
	});

	it("shuts down cleanly on SIGTERM", async () => {
		await startServe();
		const exited = new Promise<number | string | null>((r) => child!.once("exit", (code, sig) => r(code ?? sig)));
		child!.kill("SIGTERM");
		expect(await exited).toBe(0);
	});
});
