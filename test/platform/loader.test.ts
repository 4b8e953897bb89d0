// The built package (dist/, from `npm run build`) loads its WASM core on each platform entry and encodes through it.
// Deno and workerd come from npm (devDependencies); each runs the real dist files.
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const dist = resolve("dist");
// The npm packages' binaries, spawned directly: killing an `npx` wrapper would leave workerd running.
const bin = (name: string) => resolve("node_modules/.bin", name);
/** TRACK_INFO with the defaults, pinned by both reference implementations (spec §3.13). */
const TRACK_INFO_DEFAULTS = "0600005388" + "43e8";
const ENCODE = `Codec.encodeTrackInfo({ priority: 0, ordered: false, latencyMax: 5000, timescale: 1000 }, Codec.Version.Lite05)`;
const hex = "[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')";

const scratch = mkdtempSync(join(tmpdir(), "moqwire-platform-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function freePort(): Promise<number> {
	return new Promise((ok, fail) => {
		const srv = createServer();
		srv.listen(0, "127.0.0.1", () => {
			const { port } = srv.address() as { port: number };
			srv.close(() => ok(port));
		});
		srv.on("error", fail);
	});
}

describe("platform entries of the built package", () => {
	it("node: the package self-reference resolves to the node entry and encodes through WASM", async () => {
		const code = `const { Codec, isReady } = await import("moqwire"); const bytes = ${ENCODE}; console.log(isReady(), ${hex});`;
		const { stdout } = await run(process.execPath, ["--input-type=module", "-e", code]);
		expect(stdout.trim()).toBe(`true ${TRACK_INFO_DEFAULTS}`);
	});

	it("inline: the base64 entry needs no file next to it", async () => {
		const code = `const { Codec } = await import(${JSON.stringify(join(dist, "inline.js"))}); const bytes = ${ENCODE}; console.log(${hex});`;
		const { stdout } = await run(process.execPath, ["--input-type=module", "-e", code]);
		expect(stdout.trim()).toBe(TRACK_INFO_DEFAULTS);
	});

	it("deno: the browser entry fetches moqwire.wasm and is usable after ready()", async () => {
		const file = join(scratch, "deno.mjs");
		writeFileSync(
			file,
			`const { Codec, ready } = await import(${JSON.stringify(`file://${join(dist, "browser.js")}`)});\n` +
				`await ready();\nconst bytes = ${ENCODE};\nconsole.log(${hex});\n`,
		);
		const { stdout } = await run(bin("deno"), ["run", "--allow-read", "--no-prompt", file], { env: { ...process.env, DENO_NO_UPDATE_CHECK: "1" } });
		expect(stdout.trim()).toBe(TRACK_INFO_DEFAULTS);
	});

	it("workerd: the worker entry instantiates the platform-compiled module (compiling bytes is refused there)", async () => {
		const port = await freePort();
		const worker = join(dist, "__platform_test_worker.js");
		writeFileSync(
			worker,
			`import { Codec } from "./workerd.js";\n` +
				`export default { fetch() { const bytes = ${ENCODE}; return new Response(${hex}); } };\n`,
		);
		// workerd needs every module of the graph listed; chunk names carry content hashes, so list dist/.
		const files = (readdirSync(dist, { recursive: true }) as string[]).filter((f) => f.endsWith(".js") || f.endsWith(".wasm"));
		const modules = files
			.filter((f) => !f.startsWith("__"))
			.map((f) => `(name = "${f}", ${f.endsWith(".wasm") ? "wasm" : "esModule"} = embed "${relative(scratch, join(dist, f))}")`);
		const config = join(scratch, "config.capnp");
		writeFileSync(
			config,
			`using Workerd = import "/workerd/workerd.capnp";\n` +
				`const config :Workerd.Config = (\n` +
				`  services = [(name = "main", worker = .w)],\n` +
				`  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")]\n);\n` +
				`const w :Workerd.Worker = (\n  compatibilityDate = "2026-11-01",\n  modules = [\n` +
				`    (name = "__platform_test_worker.js", esModule = embed "${relative(scratch, worker)}"),\n    ${modules.join(",\n    ")}\n  ]\n);\n`,
		);
		const proc = spawn(bin("workerd"), ["serve", config], { stdio: ["ignore", "ignore", "pipe"] });
		let stderr = "";
		proc.stderr.on("data", (d) => (stderr += d));
		try {
			let body: string | undefined;
			for (let i = 0; i < 100 && body === undefined; i++) {
				await new Promise((r) => setTimeout(r, 100));
				body = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text(), () => undefined);
			}
			expect(body, stderr).toBe(TRACK_INFO_DEFAULTS);
		} finally {
			proc.kill();
			rmSync(worker, { force: true });
		}
	});
});
