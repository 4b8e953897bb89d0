// Asserting typed errors by wire code.
import { expect } from "vitest";
import { MoqError } from "../../src/error.js";

/** Runs `fn`, expecting a MoqError with `code` (and nothing untyped). */
export function expectCode(fn: () => unknown, code: number): MoqError {
	let err: unknown;
	try {
		fn();
	} catch (e) {
		err = e;
	}
	expect(err, "expected a typed error").toBeInstanceOf(MoqError);
	expect((err as MoqError).code, (err as Error).message).toBe(code);
	return err as MoqError;
}
