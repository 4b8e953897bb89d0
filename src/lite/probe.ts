// PROBE (spec §3.10). Publisher: we have no transport statistics, so the stream is closed at once (as the
// reference JS publisher does without getStats()), and our SETUP advertises no probe level. Subscriber: one
// stream, opened when the peer's SETUP advertises Report (05) or unconditionally (03/04), never on 01/02 (their
// SESSION_INFO feeds the same report); reports are kept.
import { BidiStreamType, type Probe, ProbeLevel } from "../codec/index.js";
import { ErrorCode } from "../error.js";
import type { Session } from "./session.js";
import type { Reader, Writer } from "./stream.js";
import { hasProbe, hasProbeLevel } from "./version.js";

export async function serveProbe(_s: Session, r: Reader, w: Writer): Promise<void> {
	w.close();
	r.stop(ErrorCode.Cancel);
}

/** Feeds every PROBE report to `report` until the publisher ends the stream. Best effort: never fails the session. */
export async function runProbe(s: Session, report: (p: Probe) => void): Promise<void> {
	if (!hasProbe(s.version)) return;
	try {
		if (hasProbeLevel(s.version) && ((await s.until(s.peerSetup)).probe ?? ProbeLevel.None) < ProbeLevel.Report) return;
		const { reader } = await s.openBidi(BidiStreamType.Probe);
		for (;;) {
			const p = await reader.maybeMessage("probe", s.version);
			if (!p) return;
			report(p);
		}
	} catch {
		// Lost with the session or refused by the peer: there is simply no estimate.
	}
}
