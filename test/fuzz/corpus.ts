// The regression corpus: inputs that once failed a fuzz target, stored as test/corpus/<target>/<sha256 prefix>.bin
// (with a .txt note of what failed) and replayed by test/fuzz/corpus.test.ts on every CI run.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const CORPUS_DIR = join(process.cwd(), "test", "corpus");

/** Saves `input` under its target; returns the file path (the same bytes always land in the same file). */
export function saveCase(target: string, input: Uint8Array, note: string): string {
	const dir = join(CORPUS_DIR, target);
	mkdirSync(dir, { recursive: true });
	const name = createHash("sha256").update(input).digest("hex").slice(0, 16);
	const file = join(dir, `${name}.bin`);
	writeFileSync(file, input);
	writeFileSync(join(dir, `${name}.txt`), `${note}\n`);
	return file;
}

/** Every stored case, by target. */
export function loadCases(): { target: string; file: string; input: Uint8Array }[] {
	if (!existsSync(CORPUS_DIR)) return [];
	return readdirSync(CORPUS_DIR, { withFileTypes: true })
		.filter((d) => d.isDirectory())
		.flatMap((d) =>
			readdirSync(join(CORPUS_DIR, d.name))
				.filter((f) => f.endsWith(".bin"))
				.sort()
				.map((f) => ({ target: d.name, file: `${d.name}/${f}`, input: new Uint8Array(readFileSync(join(CORPUS_DIR, d.name, f))) })),
		);
}
