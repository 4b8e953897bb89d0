// GROUP uni streams, subscriber half (spec §3.7): frames into the model group of the subscription the header names.
import { ErrorCode } from "../error.js";
import { streamError } from "./error.js";
import { seq } from "./sequence.js";
import type { Session } from "./session.js";
import type { Reader } from "./stream.js";

export async function recvGroup(s: Session, r: Reader): Promise<void> {
	const h = await r.message("group", s.version);
	const track = s.subscriber.route(h.subscribeId);
	// Unknown or already-closed subscription: stopped with 0, as Rust does.
	if (!track) return r.stop(ErrorCode.Cancel);
	const group = track.createGroup(seq(h.sequence));
	try {
		for (;;) {
			const frames = await r.frames(s.version);
			if (frames.length === 0) break;
			// 03/04 frames carry no timestamp (an untimed track, moq-lite-versions §3.7): stamped with our clock in ms
			// since 2020-01-01 (timescale 1000) as they arrive, which for a relay is when it forwards them.
			for (const f of frames) group.writeFrame(f.timestamp ?? Math.floor(track.clock.now()), f.payload);
		}
		group.finish();
	} catch (err) {
		group.abort(streamError(err));
		throw err;
	}
}
