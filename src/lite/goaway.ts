// GOAWAY (04+, spec §3.11, moq-lite-versions §2.9): decoded and checked (one per session, a URI only from a
// server, at most 8192 bytes), then acknowledged; we do not migrate (no redirects), like the reference JS.
import type { Session } from "./session.js";
import type { Reader, Writer } from "./stream.js";

export async function recvGoaway(s: Session, r: Reader, w: Writer): Promise<void> {
	const { uri } = await r.message("goaway", s.version);
	s.gotGoaway(uri);
	w.close();
}
