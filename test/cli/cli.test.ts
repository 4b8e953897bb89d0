// The command line is strict: every misuse is one line on stderr and exit 2, --help/-h on every command prints
// usage and exits 0 without starting anything, --version prints the package's version.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	try {
		const { stdout, stderr } = await exec(process.execPath, ["dist/cli.js", ...args], { timeout: 15_000 });
		return { code: 0, stdout, stderr };
	} catch (err) {
		const e = err as { code: number; stdout: string; stderr: string };
		return { code: e.code, stdout: e.stdout, stderr: e.stderr };
	}
}

/** A TCP port that is free now (closed again before returning). */
async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
	const { port } = server.address() as { port: number };
	await new Promise<void>((r) => server.close(() => r()));
	return port;
}

const COMMANDS = ["relay", "serve", "publish", "watch", "fetch", "announced", "token generate", "token sign", "token verify", "encode", "decode"];

describe("moqwire CLI", () => {
	it("prints its version and an overview", async () => {
		const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
		expect(await cli("--version")).toMatchObject({ code: 0, stdout: `${version}\n` });
		for (const args of [[], ["--help"], ["-h"], ["help"]]) {
			const out = await cli(...args);
			expect(out.code).toBe(0);
			for (const c of COMMANDS) expect(out.stdout).toContain(`moqwire ${c} `);
		}
	});

	it("--help and -h on every command print its usage and start nothing", async () => {
		const port = await freePort();
		for (const c of COMMANDS) {
			for (const h of ["--help", "-h"]) {
				// Given with a bind address: a started relay would hold the port.
				const out = await cli(...c.split(" "), h, "--bind", `127.0.0.1:${port}`);
				expect(out).toMatchObject({ code: 0, stderr: "" });
				expect(out.stdout).toMatch(new RegExp(`^usage: moqwire ${c} `));
				expect(out.stdout).toContain("-h, --help");
			}
		}
		expect(await freePort()).toBeGreaterThan(0);
		const probe = createServer();
		await new Promise<void>((ok, fail) => probe.once("error", fail).listen(port, "127.0.0.1", () => ok()));
		await new Promise<void>((r) => probe.close(() => r()));
		// Two process starts per command, one after another: over 20 s on a loaded machine (03:37 UTC run).
	}, 120_000);

	it.each([
		[["serve", "--port", "5000"], /^moqwire serve: unknown option --port \(see moqwire serve --help\)$/],
		[["relay", "--bind"], /^moqwire relay: --bind needs a value$/],
		[["relay", "--bind", "--upstream", "http://x/"], /^moqwire relay: --bind needs a value$/],
		[["relay", "a.toml", "stray"], /^moqwire relay: unexpected argument "stray"/],
		[["relay", "--upstream", "notaurl"], /^moqwire relay: --upstream wants a URL like https:\/\/relay.example:4443\/, got "notaurl"$/],
		[["relay", "--cache-bytes", "lots"], /^moqwire relay: --cache-bytes wants bytes, e.g. 65536 or 64KiB \(0 for no limit\), got "lots"$/],
		[["relay", "--log-level", "loud"], /^moqwire relay: log level must be one of error, warn, info, debug/],
		[["relay", "/nonexistent/relay.toml"], /^moqwire relay: cannot read config file \/nonexistent\/relay.toml: ENOENT$/],
		[["watch", "http://127.0.0.1:1/"], /^moqwire watch: missing arguments; usage: moqwire watch URL BROADCAST TRACK$/],
		[["watch", "http://127.0.0.1:1/", "demo/clock", "seconds", "--group", "abc"], /^moqwire watch: --group: group must be a whole number, got "abc"$/],
		[["watch", "http://127.0.0.1:1/", "a", "b", "--group", "99999999999999999999"], /group 99999999999999999999 is beyond/],
		[["encode", "probe", "{}", "--version", "07"], /^moqwire encode: unknown moq-lite version "07"/],
		[["-x"], /^moqwire: unknown command "-x"/],
		[["frobnicate"], /^moqwire: unknown command "frobnicate" \(see moqwire --help\)$/],
	])("%j is one line and exit 2", async (args, message) => {
		const out = await cli(...args);
		expect(out.code).toBe(2);
		expect(out.stdout).toBe("");
		expect(out.stderr.trimEnd().split("\n")).toHaveLength(1);
		expect(out.stderr.trimEnd()).toMatch(message);
	});
});
