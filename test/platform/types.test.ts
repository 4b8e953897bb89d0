// The built package's .d.ts serve a strict TypeScript consumer (NodeNext resolution, library checks on) through
// both entry points, "moqwire" and "moqwire/node".
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "moqwire-types-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONSUMER = `import { connect, OriginProducer, NotFoundError, Codec, type TrackInfo } from "moqwire";
import { listen, connectQuic } from "moqwire/node";
const origin = new OriginProducer();
const info: TrackInfo = { priority: 1, ordered: false, latencyMax: 1000, timescale: 1000 };
origin.createBroadcast("a").createTrack("v", info).writeFrame(0, new Uint8Array(1));
const bytes: Uint8Array = Codec.encodeTrackInfo(info, Codec.Version.Lite05);
export async function f(): Promise<number> {
	const endpoint = await listen({ bind: "127.0.0.1:0", origin });
	const session = await connect(\`http://127.0.0.1:\${endpoint.port}/\`, { subscribe: origin, dial: (u, p) => connectQuic(u, { protocols: p }) });
	return new NotFoundError().code + bytes.length + session.version;
}
// A misuse the types must catch: a track name is not a TrackInfo.
// @ts-expect-error
origin.createBroadcast("b").createTrack("v", "not info");
`;

it("type-checks a strict NodeNext consumer of both entry points", async () => {
	writeFileSync(join(dir, "use.ts"), CONSUMER);
	writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
	writeFileSync(
		join(dir, "tsconfig.json"),
		JSON.stringify({
			compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", noEmit: true, types: ["node"], lib: ["ES2022", "DOM"] },
			files: ["use.ts"],
		}),
	);
	mkdirSync(join(dir, "node_modules"));
	symlinkSync(resolve("."), join(dir, "node_modules", "moqwire"));
	symlinkSync(resolve("node_modules/@types"), join(dir, "node_modules", "@types"));
	const result = await run(resolve("node_modules/.bin/tsc"), ["-p", dir]).then(
		() => "ok",
		(err: { stdout: string }) => err.stdout,
	);
	expect(result).toBe("ok");
	// A whole tsc run: ~11 s on an idle machine, several times that when the cores are busy. A safety net only.
}, 180_000);
