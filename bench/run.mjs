// `npm run bench [name...]`: bundles each bench/*.bench.ts with esbuild (Node 20 cannot run TypeScript) and runs
// them one after another in this process, so every table compares ours and the reference in one run.
import { readdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const only = process.argv.slice(2);
const names = readdirSync(new URL(".", import.meta.url))
	.filter((f) => f.endsWith(".bench.ts"))
	.map((f) => f.slice(0, -".bench.ts".length))
	.filter((n) => only.length === 0 || only.includes(n))
	.sort();

await build({
	entryPoints: names.map((n) => `bench/${n}.bench.ts`),
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
	await mod.default();
}
