// GOAWAY (04+, spec §3.11): decoded and ignored, like both reference implementations (no redirects); sent by a
// relay that is shutting down.
import { BidiStreamType, encodeGoaway } from "../codec/index.js";
import type { Session } from "./session.js";
import type { Reader, Writer } from "./stream.js";

export async function recvGoaway(s: Session, r: Reader, w: Writer): Promise<void> {
	await r.message("goaway", s.version);
	w.close();
}

/** Asks the peer to move to `uri` ("" = reconnect here), as a relay draining for shutdown does (04+). */
export async function sendGoaway(s: Session, uri = ""): Promise<void> {
	const { writer } = await s.openBidi(BidiStreamType.Goaway);
	await writer.write(encodeGoaway({ uri }, s.version));
	writer.close();
}
