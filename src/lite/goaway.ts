// GOAWAY (04+, spec §3.11): decoded and ignored, like both reference implementations (no redirects).
import type { Session } from "./session.js";
import type { Reader, Writer } from "./stream.js";

export async function recvGoaway(s: Session, r: Reader, w: Writer): Promise<void> {
	await r.message("goaway", s.version);
	w.close();
}
