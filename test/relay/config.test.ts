// The README's relay.toml starts a relay as written; a flag beats the environment, which beats the file, which
// beats the default (observed through /metrics' cache budget); a key the relay does not know is refused.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateKey } from "../../src/relay/token.js";
import { killAll, spawnCli, startRelay } from "./spawn.js";

afterEach(killAll);

const MIB = 1024 * 1024;
const readmeToml = /```toml relay\.toml\n([\s\S]*?)```/.exec(readFileSync("README.md", "utf8"))![1]!;

/** A directory holding the README's relay.toml and the key it names. */
async function configDir(toml = readmeToml): Promise<string> {
	const dir = mkdtempSync(join(tmpdir(), "moqwire-config-"));
	writeFileSync(join(dir, "relay.toml"), toml);
	writeFileSync(join(dir, "root.jwk"), JSON.stringify((await generateKey("HS256")).private));
	return dir;
}

async function capacity(port: number): Promise<number> {
	const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
	return Number(/^moq_relay_cache_capacity_bytes (\d+)$/m.exec(text)![1]);
}

describe("relay config", () => {
	it("starts from the README's relay.toml; flag over env over file", async () => {
		const dir = await configDir();
		// The file's bind (4443) is overridden by the flag, so the test runs on a free port.
		const file = await startRelay(["relay.toml"], {}, "relay", dir);
		expect(await capacity(file.port)).toBe(512 * MIB);
		expect(file.err()).not.toMatch(/NO AUTHENTICATION/);
		// The file's auth applies: anon is public, anything else needs a token.
		expect((await fetch(`http://127.0.0.1:${file.port}/announced/anon`)).status).toBe(200);
		expect((await fetch(`http://127.0.0.1:${file.port}/announced/demo`)).status).toBe(401);
		const env = await startRelay(["relay.toml"], { MOQ_CACHE_CAPACITY: "64MiB" }, "relay", dir);
		expect(await capacity(env.port)).toBe(64 * MIB);
		const flag = await startRelay(["relay.toml", "--cache-bytes", "8MiB"], { MOQ_CACHE_CAPACITY: "64MiB" }, "relay", dir);
		expect(await capacity(flag.port)).toBe(8 * MIB);
		const defaults = await startRelay();
		expect(await capacity(defaults.port)).toBe(256 * MIB);
	});

	it("refuses an unknown key and a bad value in one line, exit 2", async () => {
		const typo = spawnCli(["relay", "relay.toml"], {}, await configDir(`${readmeToml}\n[server.quic]\nidle = "5s"\n`));
		expect(await typo.exited).toBe(2);
		expect(typo.err()).toBe("moqwire relay: relay.toml: unknown key server.quic.idle\n");
		const bad = spawnCli(["relay", "relay.toml"], {}, await configDir(readmeToml.replace('"512MiB"', '"lots"')));
		expect(await bad.exited).toBe(2);
		expect(bad.err()).toMatch(/^moqwire relay: relay\.toml: cache\.capacity wants bytes/);
	});
});
