// Where @matrixai/quic cannot load (no binary for the platform), the relay still starts, says so, and serves
// WebSocket; a client's dial falls back to WebSocket too.
import { spawn } from "node:child_process";
import { afterEach, expect, it } from "vitest";
import { connect } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { connectWebSocket } from "../../src/transport/websocket/client.js";

const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
	for (const c of children.splice(0)) c.kill("SIGKILL");
});

it("runs WebSocket-only with a warning when QUIC cannot load", async () => {
	const child = spawn(process.execPath, ["--import", "./test/relay/no-quic-hook.mjs", "dist/cli.js", "relay", "--bind", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
	children.push(child);
	let out = "";
	let err = "";
	child.stderr.on("data", (d: Buffer) => (err += d));
	const port = await new Promise<number>((resolve, reject) => {
		child.stdout.on("data", (d: Buffer) => {
			out += d;
			const m = /serving moq-lite on [^\s]+:(\d+)/.exec(out);
			if (m) resolve(Number(m[1]));
		});
		child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}${err}`)));
	});
	expect(err).toMatch(/QUIC is unavailable here: .*no @matrixai\/quic binary for this platform; serving WebSocket only/);
	expect(out).not.toMatch(/WebTransport/);
	const session = await connect(await connectWebSocket(`http://127.0.0.1:${port}/`), { subscribe: new OriginProducer() });
	expect(session.protocol).toBe("moq-lite-06");
	session.close();
	expect((await (await fetch(`http://127.0.0.1:${port}/certificate.sha256`)).status)).toBe(404);
});
