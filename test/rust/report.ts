// What a Rust-peer test file exercised (relay versions × client, transport, negotiated version), written to
// build/rust-peer/<file>.txt so .ci/run can print it after the run.
import { mkdirSync, writeFileSync } from "node:fs";
import type { Pin } from "./moq-relay.js";

export function report(file: string, relays: readonly { pin: Pin }[], exercised: ReadonlySet<string>): void {
	const dir = new URL("../../build/rust-peer/", import.meta.url);
	mkdirSync(dir, { recursive: true });
	const versions = relays.map((r) => `${r.pin.crate} ${r.pin.version}`).join(", ") || "none (skipped)";
	const lines = [`${file}: against ${versions}`, ...[...exercised].sort().map((e) => `  ${e}`)];
	writeFileSync(new URL(`${file}.txt`, dir), lines.join("\n") + "\n");
}
