// The relay's environment variables follow moq-relay's naming (MOQ_ + the TOML key, relay-ops.md §2), like the
// limits' variables; the older MOQWIRE_ + flag names README listed are still read, the reference name first.
import { describe, expect, it } from "vitest";
import { envName, OWN_SETTINGS, RELAY_SETTINGS, resolve } from "../../src/relay/settings.js";

const flags = {};

describe("relay settings from the environment", () => {
	it("every variable is MOQ_ + its TOML key, the relay's own and the limits' alike", () => {
		for (const s of RELAY_SETTINGS) expect(s.env).toBe(envName(s.key));
		expect(OWN_SETTINGS.find((s) => s.key === "server.bind")?.env).toBe("MOQ_SERVER_BIND");
		expect(OWN_SETTINGS.find((s) => s.key === "cluster.connect")?.env).toBe("MOQ_CLUSTER_CONNECT");
	});

	it("reads the older MOQWIRE_ name, the MOQ_ name winning when both are set, and names the one it read in errors", () => {
		expect(resolve(OWN_SETTINGS, { env: { MOQWIRE_BIND: "127.0.0.1:1" }, flags }).get("server.bind")).toBe("127.0.0.1:1");
		expect(resolve(OWN_SETTINGS, { env: { MOQWIRE_BIND: "127.0.0.1:1", MOQ_SERVER_BIND: "127.0.0.1:2" }, flags }).get("server.bind")).toBe("127.0.0.1:2");
		expect(resolve(OWN_SETTINGS, { env: { MOQ_CACHE_LINGER: "5s" }, flags }).get("cache.linger")).toBe(5000);
		expect(() => resolve(OWN_SETTINGS, { env: { MOQWIRE_LINGER: "soon" }, flags })).toThrow(/^MOQWIRE_LINGER /);
	});
});
