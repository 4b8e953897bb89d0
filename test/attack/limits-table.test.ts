// The limits table (src/relay/limits.ts) is the single source: its names are consistent, its values parse back,
// and README's "Relay limits" table is exactly what it renders.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, formatLimit, LIMITS, type LimitSpec, limitsWith, parseLimit } from "../../src/relay/limits.js";

function when(l: LimitSpec): string {
	switch (l.action) {
		case "http":
			return `HTTP ${l.code}`;
		case "close session":
		case "close WebSocket":
		case "reset stream":
			return `${l.action} with ${l.code}`;
		default:
			return `${l.action} (${l.code})`;
	}
}

/** The README block, one row per limit. */
function render(): string {
	const rows = LIMITS.map((l) => `| \`${l.name}\` | ${l.description} | ${formatLimit(l)} | \`${l.flag}\` · \`${l.env}\` · \`${l.config}\` | ${when(l)} |`);
	return ["| Limit | What it bounds | Default | Flag · env · config key | When hit |", "|---|---|---|---|---|", ...rows].join("\n");
}

describe("limits table", () => {
	it("has unique names, flags, env vars and config keys, each derived from the config key", () => {
		for (const field of ["name", "flag", "env", "config"] as const) {
			expect(new Set(LIMITS.map((l) => l[field])).size).toBe(LIMITS.length);
		}
		for (const l of LIMITS) {
			expect(l.flag).toMatch(/^--[a-z]+(-[a-z]+)*$/);
			expect(l.env).toMatch(/^MOQ_[A-Z]+(_[A-Z]+)*$/);
			expect(l.default).toBeGreaterThan(0);
			expect(Number.isSafeInteger(l.default)).toBe(true);
		}
	});

	it("parses what it formats, in every unit, and refuses nonsense in words", () => {
		for (const l of LIMITS) {
			expect(parseLimit(l, formatLimit(l).replace(" ", ""))).toBe(l.default);
			expect(parseLimit(l, "0")).toBe(0);
			expect(parseLimit(l, "none")).toBe(0);
			expect(() => parseLimit(l, "-1")).toThrow(l.flag);
			expect(() => parseLimit(l, "lots")).toThrow(/wants/);
		}
		const byName = (n: string) => LIMITS.find((l) => l.name === n)!;
		expect(parseLimit(byName("cacheCapacity"), "1GiB")).toBe(1 << 30);
		expect(parseLimit(byName("handshakeTimeout"), "1.5s")).toBe(1500);
		expect(parseLimit(byName("handshakeTimeout"), "250")).toBe(250);
		expect(() => parseLimit(byName("sessions"), "10s")).toThrow(/whole number/);
	});

	it("applies overrides by name and refuses unknown ones", () => {
		expect(limitsWith({ sessions: 3 })).toEqual({ ...DEFAULT_LIMITS, sessions: 3 });
		expect(() => limitsWith({ nope: 1 } as never)).toThrow(/unknown limit "nope"/);
	});

	it("is what README's Relay limits table shows", () => {
		const readme = readFileSync("README.md", "utf8");
		const block = /<!-- limits:begin[^>]*-->\n([\s\S]*?)\n<!-- limits:end -->/.exec(readme)?.[1];
		expect(block, "README.md lacks the <!-- limits:begin --> block").toBeDefined();
		expect(block).toBe(render());
	});
});
