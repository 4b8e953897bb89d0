// Shared by every test/rust file: the installed moq-relay pins (a clear skip locally when none, a failure in CI),
// per-test cleanup, muted peer chatter, and what the file exercised written to build/rust-peer/<file>.txt for
// .ci/run to print.
import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, it, vi } from "vitest";
import { installedRelays, missingReason, startRelay, type RustRelay } from "./moq-relay.js";
import { exercised } from "./peers.js";

export function rustSuite(file: string) {
	const relays = installedRelays();
	const cleanup: (() => unknown)[] = [];
	if (!relays.length) {
		console.warn(`test/rust skipped: ${missingReason()}`);
		describe.skip(`moq-relay ${file} — ${missingReason()}`, () => it("needs moq-relay", () => {}));
	}
	afterEach(async () => {
		for (const fn of cleanup.splice(0).reverse()) await fn();
	});
	beforeAll(() => {
		for (const level of ["log", "debug", "info"] as const) vi.spyOn(console, level).mockImplementation(() => {});
	});
	afterAll(() => {
		vi.restoreAllMocks();
		const dir = new URL("../../build/rust-peer/", import.meta.url);
		mkdirSync(dir, { recursive: true });
		const versions = relays.map((r) => `${r.pin.crate} ${r.pin.version}`).join(", ") || "none (skipped)";
		const lines = [`${file}: against ${versions}`, ...[...exercised].sort().map((e) => `  ${e}`)];
		writeFileSync(new URL(`${file}.txt`, dir), lines.join("\n") + "\n");
	});
	return { relays, cleanup };
}

/** One moq-relay for the enclosing describe block, started before its tests and stopped after them. */
export function relayPerBlock(bin: string): () => RustRelay {
	let relay: RustRelay | undefined;
	beforeAll(async () => {
		relay = await startRelay(bin);
	}, 60_000);
	afterAll(() => relay?.stop());
	return () => relay!;
}
