// The README's examples (```ts example blocks) run against the built package, and print what they claim.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { afterAll, expect, it, vi } from "vitest";

const blocks = [...readFileSync("README.md", "utf8").matchAll(/```ts example\n([\s\S]*?)```/g)].map((m) => m[1]!);
const dir = "test/.readme";
mkdirSync(dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs README block `i` and returns every console.log line it printed. */
async function runExample(i: number): Promise<string[]> {
	const file = `${dir}/example-${i}.ts`;
	writeFileSync(file, blocks[i]!);
	const lines: string[] = [];
	const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
	try {
		await import(/* @vite-ignore */ `./.readme/example-${i}.ts`);
	} finally {
		spy.mockRestore();
	}
	return lines;
}

it("has the four examples", () => {
	expect(blocks.length).toBe(4);
});

it("example 1: publish and subscribe in one process", async () => {
	expect(await runExample(0)).toEqual(["0 keyframe", "3000 delta"]);
});

it("example 2: an engine of its own, time driven by a manual clock", async () => {
	expect(await runExample(1)).toEqual(["true 1000"]);
});

it("example 3: fetch served on demand, coalesced, NotFound without a handler", async () => {
	expect(await runExample(2)).toEqual(["7 7 archived #7", "true 51"]);
});

it("example 4: connect over WebSocket to a serve-like endpoint and read the clock", async () => {
	const [version, tick] = await runExample(3);
	expect(version).toBe("moq-lite-06");
	expect(new Date(tick!).toISOString()).toBe(tick);
});
