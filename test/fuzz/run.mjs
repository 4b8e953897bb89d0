// `npm run fuzz`: bundles test/fuzz/main.ts with esbuild (Node 20 cannot run TypeScript), as bench/run.mjs does,
// and runs it in this process; the arguments are passed through (--runs N --seed S --jobs J target...).
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

await build({
	entryPoints: ["test/fuzz/main.ts"],
	outfile: "build/fuzz/main.mjs",
	bundle: true,
	platform: "node",
	format: "esm",
	target: "es2022",
	packages: "external",
	logLevel: "warning",
});
await import(pathToFileURL("build/fuzz/main.mjs").href);
