// README's relay settings table is exactly what the settings table (src/relay/settings.ts) renders, and each
// setting's flag, variable and key are unique across it and the limits.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OWN_SETTINGS, RELAY_SETTINGS } from "../../src/relay/settings.js";

/** The README block, one row per setting. */
function renderSettings(): string {
	const rows = OWN_SETTINGS.map((s) => `| \`--${s.flag}\` · \`${s.env}\` · \`${s.key}\` | ${s.description} | ${s.default === undefined ? "–" : `\`${s.default}\``} |`);
	return ["| Flag · env · config key | What it sets | Default |", "|---|---|---|", ...rows].join("\n");
}

describe("relay settings", () => {
	it("has unique flags, variables and keys", () => {
		for (const field of ["flag", "env", "key"] as const) expect(new Set(RELAY_SETTINGS.map((s) => s[field])).size).toBe(RELAY_SETTINGS.length);
		const aliases = RELAY_SETTINGS.flatMap((s) => s.aliases ?? []);
		for (const a of aliases) expect(RELAY_SETTINGS.map((s) => s.flag)).not.toContain(a);
	});

	it("is what README's relay settings table shows", () => {
		const block = /<!-- settings:begin -->\n([\s\S]*?)\n<!-- settings:end -->/.exec(readFileSync("README.md", "utf8"))?.[1];
		expect(block).toBe(renderSettings());
	});
});
