// The client subcommands against a spawned relay with a key: publish (stdin lines), announced, fetch, each with
// --jwt; their failures in words.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as MoqToken from "@moq/token";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killAll, type Spawned, spawnCli, startRelay } from "./spawn.js";

const exec = promisify(execFile);
let relay: Spawned;
let key: MoqToken.Key;
let base: string;

beforeAll(async () => {
	key = await MoqToken.generate("HS256", "clients");
	const dir = mkdtempSync(join(tmpdir(), "moqwire-clients-"));
	writeFileSync(join(dir, "key.jwk"), JSON.stringify(key));
	relay = await startRelay(["--auth-key", join(dir, "key.jwk")]);
	base = `http://127.0.0.1:${relay.port}/`;
});
afterAll(killAll);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	return exec(process.execPath, ["dist/cli.js", ...args], { timeout: 15_000 }).then(
		({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
		(e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
	);
}

async function until(f: () => boolean): Promise<void> {
	while (!f()) await new Promise((r) => setTimeout(r, 20));
}

describe("client subcommands", () => {
	it("publish from stdin, announced and fetch through the relay, with tokens", async () => {
		const put = await MoqToken.sign(key, { root: "", put: ["room"] });
		const get = await MoqToken.sign(key, { root: "", get: ["room"] });
		const publisher = spawnCli(["publish", base, "room/chat", "lines", "--jwt", put]);
		const listing = spawnCli(["announced", base, "room", "--jwt", get]);
		await until(() => listing.out().includes("+ room/chat\n"));
		publisher.child.stdin!.write("hello\nworld\n");
		// Group 1 is the second line; fetch until the relay has it.
		let fetched = await cli("fetch", base, "room/chat", "lines", "1", "--jwt", get);
		while (fetched.code !== 0) fetched = await cli("fetch", base, "room/chat", "lines", "1", "--jwt", get);
		expect(fetched.stdout).toMatch(/^1\t\d+\tworld\n$/);
		publisher.child.stdin!.end();
		expect(await publisher.exited).toBe(0);
		await until(() => listing.out().includes("- room/chat\n"));
		listing.child.kill("SIGTERM");
		expect(await listing.exited).toBe(0);
	});

	it("says what went wrong in words", async () => {
		const get = await MoqToken.sign(key, { root: "", get: [""] });
		expect(await cli("watch", base, "demo/x", "seconds", "--jwt", get)).toMatchObject({
			code: 1,
			stderr: "error: broadcast demo/x is not announced on the relay (Unroutable, 54)\n",
		});
		// FETCH of the same unannounced broadcast fails the same way (it once said NotFound).
		expect(await cli("fetch", base, "demo/x", "seconds", "0", "--jwt", get)).toMatchObject({
			code: 1,
			stderr: "error: broadcast demo/x is not announced on the relay (Unroutable, 54)\n",
		});
		expect(await cli("watch", base, "demo/x", "seconds")).toMatchObject({
			code: 1,
			stderr: "error: the relay refused the session as unauthorized (no token, or a bad or expired one)\n",
		});
		expect(await cli("announced", "http://127.0.0.1:1/")).toMatchObject({ code: 1, stderr: "error: cannot reach 127.0.0.1:1 over WebTransport or WebSocket\n" });
		expect(await cli("fetch", "notaurl", "a", "b", "0")).toMatchObject({ code: 2, stderr: 'moqwire fetch: not a URL: "notaurl" (e.g. http://127.0.0.1:4443/)\n' });
	});
});
