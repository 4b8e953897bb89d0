// PROBE (spec §3.10): we have no transport statistics to report, so the stream is closed at once, as the
// reference JS publisher does without getStats(). We never open one either: our SETUP advertises no probe level.
import type { Session } from "./session.js";
import type { Reader, Writer } from "./stream.js";

export async function serveProbe(_s: Session, r: Reader, w: Writer): Promise<void> {
	w.close();
	r.stop(0);
}
