// The AS↔TS contract: generated files are current, a schema edit reaches both languages, and the loader
// refuses a core stamped with another contract.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ABI } from "../src/contract.js";
import { checkAbi, wasm } from "../src/wasm/core.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUTPUTS = ["assembly/contract.ts", "src/contract.ts"];
const scratch = mkdtempSync(join(tmpdir(), "moqwire-contract-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the schema, generator and generated files, to break on purpose. */
function copy(name: string): string {
	const root = join(scratch, name);
	cpSync(join(ROOT, "contract"), join(root, "contract"), { recursive: true });
	for (const out of OUTPUTS) {
		mkdirSync(join(root, out, ".."), { recursive: true });
		cpSync(join(ROOT, out), join(root, out));
	}
	return root;
}

function generate(root: string, ...args: string[]): { status: number | null; stderr: string } {
	const r = spawnSync(process.execPath, [join(root, "contract/generate.mjs"), "--root", root, ...args], { encoding: "utf8" });
	return { status: r.status, stderr: r.stderr };
}

describe("contract", () => {
	it("the checked-in generated files are what the schema generates", () => {
		expect(generate(ROOT, "--check")).toEqual({ status: 0, stderr: "" });
	});

	it("--check names a stale file and fails; generating repairs it", () => {
		const root = copy("stale");
		const file = join(root, "src/contract.ts");
		writeFileSync(file, readFileSync(file, "utf8").replace("setup: 0,", "setup: 99,"));
		const stale = generate(root, "--check");
		expect(stale.status).toBe(1);
		expect(stale.stderr).toContain("src/contract.ts");
		expect(stale.stderr).not.toContain("assembly/contract.ts");
		expect(generate(root).status).toBe(0);
		expect(readFileSync(file, "utf8")).toBe(readFileSync(join(ROOT, "src/contract.ts"), "utf8"));
	});

	it("one schema edit reaches both languages and changes the ABI stamp", () => {
		const root = copy("edit");
		const schema = join(root, "contract/schema.mjs");
		const text = readFileSync(schema, "utf8");
		writeFileSync(schema, text.replace('{ name: "goaway", wire: "GOAWAY" },', '{ name: "goaway", wire: "GOAWAY" },\n\t{ name: "fetchOk", wire: "FETCH_OK" },'));
		expect(generate(root).status).toBe(0);
		const as = readFileSync(join(root, "assembly/contract.ts"), "utf8");
		const ts = readFileSync(join(root, "src/contract.ts"), "utf8");
		expect(as).toContain("export const K_FETCH_OK: i32 = 13;");
		expect(as).toContain("export const K_ANNOUNCE_CHANGE: i32 = 14;");
		expect(as).toContain("export const K_VARINT: i32 = 18;");
		expect(ts).toMatch(/fetchOk: 13,/);
		expect(ts).toMatch(/FETCH_OK/);
		const stamp = (src: string) => Number(/export const ABI(?:: i32)? = (\d+);/.exec(src)![1]);
		expect(stamp(as)).toBe(stamp(ts));
		expect(stamp(ts)).not.toBe(ABI);
	});

	it("the loaded core carries this contract's stamp, and another stamp is refused in words", () => {
		expect(wasm<{ stateVersion(): number }>().stateVersion()).toBe(ABI);
		expect(() => checkAbi({ stateVersion: () => ABI + 1 })).toThrow(/built from another contract/);
		expect(() => checkAbi({})).toThrow(/ABI missing/);
	});
});
