// Asserting typed errors by class (several share one wire code) or by wire code.
import { expect } from "vitest";
import { MoqError } from "../../src/error.js";

/** Runs `fn`, expecting a MoqError of class `want` (or with wire code `want`), and nothing untyped. */
export function expectError(fn: () => unknown, want: number | (abstract new (...args: never[]) => MoqError)): MoqError {
	let err: unknown;
	try {
		fn();
	} catch (e) {
		err = e;
	}
	expect(err, "expected a typed error").toBeInstanceOf(MoqError);
	if (typeof want === "number") expect((err as MoqError).code, (err as Error).message).toBe(want);
	else expect(err, (err as Error).message).toBeInstanceOf(want);
	return err as MoqError;
}
