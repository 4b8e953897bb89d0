// `npm run bench [name...] [-- --flag value...]`: bundles each bench/*.bench.ts with esbuild (Node 20 cannot run
// TypeScript) and runs them one after another in this process, so every table compares ours and the reference in
// one run. Arguments from the first `--flag` on go to the benches (e.g. `npm run bench relay -- --n 10,50`).
import { readdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const argv = process.argv.slice(2);
const firstFlag = argv.findIndex((a) => a.startsWith("--"));
const only = firstFlag < 0 ? argv : argv.slice(0, firstFlag);
const flags = firstFlag < 0 ? [] : argv.slice(firstFlag);
const names = readdirSync(new URL(".", import.meta.url))
	.filter((f) => f.endsWith(".bench.ts"))
	.map((f) => f.slice(0, -".bench.ts".length))
	.filter((n) => only.length === 0 || only.includes(n))
	.sort();
const unknown = only.filter((n) => !names.includes(n));
if (unknown.length > 0) throw new Error(`no bench named ${unknown.join(", ")}`);

await build({
	// The relay bench's publisher, subscribers and floor server run as child processes.
	entryPoints: [...names.map((n) => `bench/${n}.bench.ts`), ...(names.includes("relay") ? ["publisher", "subscriber", "floor"].map((c) => `bench/relay/${c}.ts`) : [])],
	outbase: "bench",
	outdir: "build/bench",
	bundle: true,
	platform: "node",
	format: "esm",
	target: "es2022",
	packages: "external",
	outExtension: { ".js": ".mjs" },
	logLevel: "warning",
});

for (const name of names) {
	console.log(`\n## ${name}\n`);
	const mod = await import(pathToFileURL(`build/bench/${name}.bench.mjs`).href);
	await mod.default(flags);
}
