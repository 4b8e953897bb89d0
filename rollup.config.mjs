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

export default {
	input: {
		node: "src/entry/node.ts",
		browser: "src/entry/browser.ts",
		workerd: "src/entry/workerd.ts",
		inline: "src/entry/inline.ts",
		cli: "src/cli/main.ts",
	},
	output: { dir: "dist", format: "es", sourcemap: true, chunkFileNames: "chunks/[name]-[hash].js" },
	// The platform entries load ./moqwire.wasm at run time; only the inline entry embeds it.
	external: (id) => id.startsWith("node:") || id === "./moqwire.wasm",
	plugins: [
		typescript({ tsconfig: "./tsconfig.build.json", declaration: false, emitDeclarationOnly: false, noEmit: false, outDir: "dist", rootDir: "src" }),
		wasm({ sync: ["build/moqwire.wasm"], targetEnv: "auto-inline", maxFileSize: Number.MAX_SAFE_INTEGER }),
		copyWasm,
	],
};
