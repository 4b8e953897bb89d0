// Prints the plain closing line `N passed, N failed, N skipped` that CI reads, after vitest's own summary.
import type { Reporter, TestModule } from "vitest/node";

export default class PlainReporter implements Reporter {
	async onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): Promise<void> {
		let passed = 0;
		let failed = 0;
		let skipped = 0;
		for (const m of modules) {
			const tests = [...m.children.allTests()];
			if (m.state() === "failed" && tests.length === 0) failed++; // import or collect error
			for (const t of tests) {
				const s = t.result().state;
				if (s === "passed") passed++;
				else if (s === "failed") failed++;
				else skipped++;
			}
		}
		failed += errors.length;
		await new Promise((r) => setImmediate(r));
		process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
	}
}
