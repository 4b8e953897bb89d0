// `moqwire watch` against a real `moqwire serve`: live frames over WebSocket/WebTransport, a FETCHed group over raw
// QUIC (pinned from /certificate.sha256), a missing group reported with its code, SIGTERM ends it cleanly.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
let serve: ChildProcess;
let port: number;

beforeAll(async () => {
	serve = spawn(process.execPath, ["dist/cli.js", "serve", "--bind", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
	port = await new Promise<number>((resolve, reject) => {
		let out = "";
		serve.stdout!.on("data", (d: Buffer) => {
			out += d;
			const m = /serving moq-lite on [^\s]+:(\d+)/.exec(out);
			if (m) resolve(Number(m[1]));
		});
		serve.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
	});
	await new Promise((r) => setTimeout(r, 1100)); // group 0 is complete
});
afterAll(() => serve?.kill("SIGTERM"));

const line = /^(\d+)\t(\d+)\t(\d{4}-\d\d-\d\dT[\d:.]+Z)$/;

describe("moqwire watch", () => {
	it("prints a FETCHed group over raw QUIC", async () => {
		const { stdout } = await run(process.execPath, ["dist/cli.js", "watch", `moql://127.0.0.1:${port}/`, "demo/clock", "seconds", "--group", "0"]);
		const lines = stdout.trim().split("\n");
		expect(lines.length).toBeGreaterThanOrEqual(1);
		for (const l of lines) {
			const [, seq, ts, text] = line.exec(l)!;
			expect([seq, Number(ts)]).toEqual(["0", Date.parse(text!)]);
		}
	});

	it("reports a group the relay does not have with its code", async () => {
		const err = await run(process.execPath, ["dist/cli.js", "watch", `http://127.0.0.1:${port}/`, "demo/clock", "seconds", "--group", "99999"]).catch((e: unknown) => e);
		expect(err).toMatchObject({ code: 1, stderr: expect.stringMatching(/\(NotFound, 51\)/) });
	});

	it("prints live frames until SIGTERM, then exits 0", async () => {
		const watch = spawn(process.execPath, ["dist/cli.js", "watch", `http://127.0.0.1:${port}/`, "demo/clock", "seconds"], { stdio: ["ignore", "pipe", "pipe"] });
		let out = "";
		watch.stdout!.on("data", (d: Buffer) => (out += d));
		while (out.split("\n").length < 4) await new Promise((r) => setTimeout(r, 50));
		const exited = new Promise<number | null>((r) => watch.once("exit", r));
		watch.kill("SIGTERM");
		expect(await exited).toBe(0);
		for (const l of out.trim().split("\n")) expect(l).toMatch(line);
	});
});
