// The QUIC work-arounds patch private members of @matrixai/quic: the version is pinned exactly, every member
// they touch exists in the installed release, and a release without one fails with a clear error at start-up.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { UnsupportedError } from "../../src/error.js";
import { assertPatchable, missingMembers, PATCHED_MEMBERS, PATCHED_VERSION } from "../../src/transport/quic/fixes.js";

const json = (path: string) => JSON.parse(readFileSync(path, "utf8")) as { version: string; dependencies: Record<string, string> };

describe("@matrixai/quic work-arounds", () => {
	it("pin the library exactly, at the version installed", () => {
		expect(json("package.json").dependencies["@matrixai/quic"]).toBe(PATCHED_VERSION);
		expect(json("node_modules/@matrixai/quic/package.json").version).toBe(PATCHED_VERSION);
	});

	it("find every member they patch in the installed release", () => {
		expect(missingMembers()).toEqual([]);
		expect(() => assertPatchable()).not.toThrow();
	});

	it("refuse a release lacking one, naming it", () => {
		class Changed {
			send(): void {}
		}
		const list: typeof PATCHED_MEMBERS = [...PATCHED_MEMBERS, ["QUICConnection", Changed.prototype, ["send", "processStreams"]]];
		expect(missingMembers(list)).toEqual(["QUICConnection.processStreams"]);
		const err = (() => {
			try {
				assertPatchable(list);
			} catch (e) {
				return e;
			}
		})();
		expect(err).toBeInstanceOf(UnsupportedError);
		expect((err as Error).message).toMatch(/lacks QUICConnection\.processStreams.*2\.0\.9 exactly/);
	});
});
