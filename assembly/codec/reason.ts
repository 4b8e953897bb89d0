// The first failure of a codec call; the numbers are the contract's R_* (assembly/contract.ts).
export let reason: i32 = 0;

/** Keeps the first failure: later checks run on garbage and must not mask it. */
export function fail(r: i32): void {
	if (reason == 0) reason = r;
}

export function clearReason(): void {
	reason = 0;
}
