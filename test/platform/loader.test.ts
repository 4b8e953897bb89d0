// The built package (dist/, from `npm run build`) loads its WASM core on each platform entry and encodes through it.
// Deno and workerd come from npm (devDependencies); each runs the real dist files.
import { execFile, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
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
		// Inside the project, so Deno resolves the package's npm dependencies from node_modules as users' apps do.
		const file = join(dist, "__platform_test_deno.mjs");
		writeFileSync(file, `const { Codec, ready } = await import("./browser.js");\nawait ready();\nconst bytes = ${ENCODE};\nconsole.log(${hex});\n`);
		try {
			const { stdout } = await run(bin("deno"), ["run", "--allow-read", "--allow-env", "--no-prompt", file], {
				env: { ...process.env, DENO_NO_UPDATE_CHECK: "1" },
			});
			expect(stdout.trim()).toBe(TRACK_INFO_DEFAULTS);
		} finally {
			rmSync(file, { force: true });
		}
	});

	it("workerd: the worker entry instantiates the platform-compiled module (compiling bytes is refused there)", async () => {
		const port = await freePort();
		// Bundle the way wrangler does for users: the `workerd` export condition, moqwire.wasm kept as a module.
		// Inside the project, so `moqwire` resolves as a self-reference through package.json `exports`.
		const entry = join(dist, "__platform_test_worker.mjs");
		writeFileSync(entry, `import { Codec } from "moqwire";\nexport default { fetch() { const bytes = ${ENCODE}; return new Response(${hex}); } };\n`);
		await build({
			entryPoints: [entry],
			bundle: true,
			format: "esm",
			platform: "browser",
			conditions: ["workerd", "worker"],
			external: ["./moqwire.wasm"],
			outfile: join(scratch, "worker.js"),
			logLevel: "error",
		}).finally(() => rmSync(entry, { force: true }));
		copyFileSync(join(dist, "moqwire.wasm"), join(scratch, "moqwire.wasm"));
		const config = join(scratch, "config.capnp");
		writeFileSync(
			config,
			`using Workerd = import "/workerd/workerd.capnp";\n` +
				`const config :Workerd.Config = (\n` +
				`  services = [(name = "main", worker = .w)],\n` +
				`  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")]\n);\n` +
				`const w :Workerd.Worker = (\n  compatibilityDate = "2026-11-01",\n  modules = [\n` +
				`    (name = "worker.js", esModule = embed "worker.js"),\n    (name = "moqwire.wasm", wasm = embed "moqwire.wasm")\n  ]\n);\n`,
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
		}
	});
});
