// The runtime-neutral WebSocket transport on Deno and workerd (npm devDependencies): acceptWebSocket behind
// Deno.serve and a workerd WebSocketPair, reached by our Node client; and our client on Deno's own WebSocket,
// reaching our Node server. The transport is bundled from src/ with esbuild, as a user's bundler would.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TransportError } from "../../src/error.js";
import { resetCode } from "../../src/transport/reset.js";
import { connectWebSocket } from "../../src/transport/websocket/client.js";
import { serveWebSocket } from "../../src/transport/websocket/server.js";

const scratch = mkdtempSync(join(tmpdir(), "moqwire-ws-runtimes-"));
const bin = (name: string) => resolve("node_modules/.bin", name);
const env = { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };

const procs: ChildProcess[] = [];
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const fn of cleanup.splice(0).reverse()) await fn();
	for (const p of procs.splice(0)) p.kill();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

beforeAll(async () => {
	await build({
		entryPoints: [resolve("src/transport/websocket/index.ts")],
		outfile: join(scratch, "moqws.js"),
		bundle: true,
		format: "esm",
		platform: "neutral",
		mainFields: ["module", "main"],
		logLevel: "warning",
	});
});

/** Server logic shared by Deno and workerd: per bidi stream, answer "<protocol>:" + the echo and FIN, then open a uni
 * stream, send one byte and reset it with code 77. */
const SERVE = `
import { acceptWebSocket, selectWebSocketProtocol } from "./moqws.js";
export function serve(socket, protocol) {
	const transport = acceptWebSocket(socket, protocol);
	(async () => {
		for await (const s of transport.incomingBidirectionalStreams) {
			const w = s.writable.getWriter();
			await w.write(new TextEncoder().encode(transport.protocol + ":"));
			for await (const c of s.readable) await w.write(c);
			await w.close();
			const uni = (await transport.createUnidirectionalStream()).getWriter();
			await uni.write(new Uint8Array([1]));
			await uni.abort(Object.assign(new Error("reset"), { streamErrorCode: 77 }));
		}
	})().catch(() => {});
}
export { selectWebSocketProtocol };
`;

function freePort(): Promise<number> {
	return new Promise((ok, fail) => {
		const srv = createServer();
		srv.listen(0, "127.0.0.1", () => {
			const { port } = srv.address() as AddressInfo;
			srv.close(() => ok(port));
		});
		srv.on("error", fail);
	});
}

/** Runs `cmd` and resolves with the first stdout line matching `ready` (the process keeps running). */
function start(cmd: string, args: string[], ready: RegExp): Promise<string> {
	const proc = spawn(cmd, args, { cwd: scratch, env, stdio: ["ignore", "pipe", "pipe"] });
	procs.push(proc);
	let out = "";
	return new Promise((ok, fail) => {
		const check = (d: Buffer) => {
			out += d;
			const m = out.match(ready);
			if (m) ok(m[0]);
		};
		proc.stdout!.on("data", check);
		proc.stderr!.on("data", (d: Buffer) => (out += d));
		proc.on("exit", (code) => fail(new Error(`${cmd} exited with ${code}: ${out}`)));
	});
}

/** Our Node client against a server that runs SERVE: version, echo with FIN, reset code, refused offer. */
async function exercise(url: string): Promise<void> {
	const t = await connectWebSocket(url, { protocols: ["moq-lite-04", "moq-lite-03"] });
	cleanup.push(() => t.close());
	expect(t.protocol).toBe("moq-lite-04");
	const s = await t.createBidirectionalStream();
	const w = s.writable.getWriter();
	await w.write(new TextEncoder().encode("hello"));
	await w.close();
	let text = "";
	for await (const c of s.readable) text += new TextDecoder().decode(c);
	expect(text).toBe("moq-lite-04:hello");
	// The reset may overtake the byte before it is read: QUIC semantics discard unread data on RESET_STREAM.
	const r = (await t.incomingUnidirectionalStreams.getReader().read()).value!.getReader();
	const err = await (async () => {
		for (;;) if ((await r.read()).done) return undefined;
	})().catch((e: unknown) => e);
	expect(resetCode(err)).toBe(77);
	const refused = await connectWebSocket(url, { protocols: ["moq-lite-99"] }).catch((e: unknown) => e);
	expect(refused).toBeInstanceOf(TransportError);
	expect((refused as Error).message).toMatch(/400/);
}

describe("websocket transport on other runtimes", () => {
	it("Deno: acceptWebSocket behind Deno.serve + Deno.upgradeWebSocket", async () => {
		writeFileSync(join(scratch, "serve.js"), SERVE);
		writeFileSync(
			join(scratch, "deno-server.js"),
			`import { serve, selectWebSocketProtocol } from "./serve.js";
Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: ({ port }) => console.log("port " + port) }, (req) => {
	const protocol = selectWebSocketProtocol(req.headers.get("sec-websocket-protocol"));
	if (protocol === undefined) return new Response("no supported subprotocol", { status: 400 });
	const { socket, response } = Deno.upgradeWebSocket(req);
	if (protocol) response.headers.set("Sec-WebSocket-Protocol", protocol);
	serve(socket, protocol);
	return response;
});
`,
		);
		const line = await start(bin("deno"), ["run", "--allow-net", "--no-prompt", "deno-server.js"], /port \d+/);
		await exercise(`http://127.0.0.1:${line.slice(5)}/`);
	});

	it("workerd: acceptWebSocket on the server half of a WebSocketPair", async () => {
		writeFileSync(join(scratch, "serve.js"), SERVE);
		writeFileSync(
			join(scratch, "worker.js"),
			`import { serve, selectWebSocketProtocol } from "./serve.js";
export default {
	fetch(req) {
		if (req.headers.get("upgrade") !== "websocket") return new Response("up");
		const protocol = selectWebSocketProtocol(req.headers.get("sec-websocket-protocol"));
		if (protocol === undefined) return new Response("no supported subprotocol", { status: 400 });
		const [client, server] = Object.values(new WebSocketPair());
		server.accept();
		serve(server, protocol);
		return new Response(null, { status: 101, webSocket: client, headers: protocol ? { "Sec-WebSocket-Protocol": protocol } : {} });
	},
};
`,
		);
		const port = await freePort();
		writeFileSync(
			join(scratch, "config.capnp"),
			`using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .w)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")]
);
const w :Workerd.Worker = (
  compatibilityDate = "2026-11-01",
  modules = [(name = "worker.js", esModule = embed "worker.js"), (name = "serve.js", esModule = embed "serve.js"),
    (name = "moqws.js", esModule = embed "moqws.js")]
);
`,
		);
		const proc = spawn(bin("workerd"), ["serve", "config.capnp"], { cwd: scratch, env, stdio: "ignore" });
		procs.push(proc);
		let up = false;
		for (let i = 0; i < 100 && !up; i++) {
			await new Promise((r) => setTimeout(r, 100));
			up = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false);
		}
		expect(up).toBe(true);
		await exercise(`http://127.0.0.1:${port}/`);
	});

	it("Deno: our client on Deno's own WebSocket reaches our Node server", async () => {
		const http = createHttpServer();
		const handle = serveWebSocket(http, {
			onSession: (t) => {
				void (async () => {
					for await (const s of t.incomingBidirectionalStreams) await s.readable.pipeTo(s.writable);
				})().catch(() => {});
			},
		});
		await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
		cleanup.push(() => {
			handle.close();
			http.closeAllConnections();
			return new Promise<void>((r) => http.close(() => r()));
		});
		const { port } = http.address() as AddressInfo;
		writeFileSync(
			join(scratch, "deno-client.js"),
			`import { connectWebSocket } from "./moqws.js";
const t = await connectWebSocket("http://127.0.0.1:${port}/");
const s = await t.createBidirectionalStream();
const w = s.writable.getWriter();
await w.write(new TextEncoder().encode("ping"));
await w.close();
let text = "";
for await (const c of s.readable) text += new TextDecoder().decode(c);
console.log("result " + t.protocol + " " + text);
t.close();
await t.closed;
`,
		);
		const line = await start(bin("deno"), ["run", "--allow-net", "--no-prompt", "deno-client.js"], /result .+/);
		expect(line).toBe("result moq-lite-06 ping");
	});
});
