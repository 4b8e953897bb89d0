// Replays every input the fuzzers ever caught (test/corpus/<target>/*.bin) against its target.
import { describe, expect, it } from "vitest";
import { loadCases } from "./corpus.js";
import { target } from "./targets.js";

const cases = loadCases();

describe("fuzz regression corpus", () => {
	it("holds cases (the corpus directory is read)", () => {
		expect(cases.length).toBeGreaterThan(0);
	});

	for (const c of cases) {
		it(c.file, () => {
			expect(target(c.target).check(c.input)).toBeUndefined();
		});
	}
});
