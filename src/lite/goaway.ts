// GOAWAY (04+, spec §3.11, moq-lite-versions §2.9): a peer's is decoded and checked (one per session, a URI only
// from a server, at most 8192 bytes), then acknowledged; we do not migrate (no redirects), like the reference JS.
// Sent by a relay that is shutting down.
import { BidiStreamType, encodeGoaway } from "../codec/index.js";
import type { Session } from "./session.js";
import type { Reader, Writer } from "./stream.js";

export async function recvGoaway(s: Session, r: Reader, w: Writer): Promise<void> {
	const { uri } = await r.message("goaway", s.version);
	s.gotGoaway(uri);
	w.close();
}

/** Asks the peer to move to `uri` ("" = reconnect here), as a relay draining for shutdown does (04+). */
export async function sendGoaway(s: Session, uri = ""): Promise<void> {
	const { writer } = await s.openBidi(BidiStreamType.Goaway);
	await writer.write(encodeGoaway({ uri }, s.version, s.engine));
	writer.close();
}
