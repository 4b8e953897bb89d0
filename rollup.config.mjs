// Builds dist/: one ESM entry per platform (selected by package.json `exports` conditions) sharing chunks,
// moqwire.wasm as its own file, and the CLI. Types come from `tsc -p tsconfig.build.json`.
import { copyFileSync, mkdirSync } from "node:fs";
import typescript from "@rollup/plugin-typescript";
import { wasm } from "@rollup/plugin-wasm";

const copyWasm = {
	name: "copy-wasm",
	writeBundle() {
		mkdirSync("dist", { recursive: true });
		copyFileSync("build/moqwire.wasm", "dist/moqwire.wasm");
	},
};

// Platform entries load ./moqwire.wasm from next to the bundle at run time; keep that import verbatim
// (a plain `external` would be rewritten relative to the source tree).
const wasmBesideBundle = {
	name: "wasm-beside-bundle",
	resolveId: (source) => (source === "./moqwire.wasm" ? { id: "./moqwire.wasm", external: true } : null),
};

export default {
	input: {
		node: "src/entry/node.ts",
		browser: "src/entry/browser.ts",
		workerd: "src/entry/workerd.ts",
		inline: "src/entry/inline.ts",
		"node-server": "src/entry/node-server.ts",
		cli: "src/cli/main.ts",
	},
	output: { dir: "dist", format: "es", sourcemap: true, chunkFileNames: "chunks/[name]-[hash].js" },
	// Bare imports are Node builtins or our package dependencies, resolved by the user's runtime or bundler.
	external: (id) => !/^[./\0]/.test(id) && !/^[A-Za-z]:/.test(id),
	plugins: [
		wasmBesideBundle,
		typescript({ tsconfig: "./tsconfig.build.json", declaration: false, emitDeclarationOnly: false, noEmit: false, outDir: "dist", rootDir: "src" }),
		wasm({ sync: ["build/moqwire.wasm"], targetEnv: "auto-inline", maxFileSize: Number.MAX_SAFE_INTEGER }),
		copyWasm,
	],
};
