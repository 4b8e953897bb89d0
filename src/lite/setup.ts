// SETUP uni stream (05+, spec §3.2): ours is sent at once and FINed; the peer's is read in any parameter order.
import { encodeSetup, encodeVarint, type Setup, UniStreamType } from "../codec/index.js";
import type { Session } from "./session.js";
import type { Reader } from "./stream.js";

/** No probe level: we cannot measure a send rate, so we never claim Report (and absent = None). */
export async function sendSetup(s: Session, role: number | undefined): Promise<void> {
	const setup: Setup = { origin: s.origin };
	if (role !== undefined) setup.role = role;
	const w = await s.openUni();
	await w.write(encodeVarint(UniStreamType.Setup, s.engine));
	await w.write(encodeSetup(setup, s.version, s.engine));
	w.close();
}

export async function recvSetup(s: Session, r: Reader): Promise<void> {
	s.gotSetup(await r.message("setup", s.version));
	// Drain to the FIN: stopping the stream early would fail the peer's own close.
	await r.end();
}
