// TRACK → TRACK_INFO (05+, spec §3.5). Publisher: resolve the track and answer with its info, then FIN.
// Subscriber: one round trip per remote track, before any SUBSCRIBE or FETCH of it.
import { BidiStreamType, type TrackInfoMessage } from "../codec/index.js";
import { encodeTrackInfo, encodeTrackRequest } from "../codec/index.js";
import { ErrorCode } from "../error.js";
import type { TrackInfo } from "../model/index.js";
import { resolveTrack } from "./publisher.js";
import type { Session } from "./session.js";
import type { Reader, Writer } from "./stream.js";

export async function serveTrack(s: Session, r: Reader, w: Writer): Promise<void> {
	const msg = await r.message("track", s.version);
	const track = await resolveTrack(s, msg.broadcast, msg.track);
	const info = await track.info({ signal: s.signal });
	const wire: TrackInfoMessage = { priority: info.priority, ordered: info.ordered, latencyMax: Math.round(info.latencyMax), timescale: info.timescale };
	await w.write(encodeTrackInfo(wire, s.version, s.engine));
	w.close();
}

export async function requestTrackInfo(s: Session, broadcast: string, track: string): Promise<TrackInfo> {
	const { reader, writer } = await s.openBidi(BidiStreamType.Track);
	try {
		await writer.write(encodeTrackRequest({ broadcast, track }, s.version, s.engine));
		const info = await reader.message("trackInfo", s.version);
		writer.close();
		return s.guard?.clampInfo(info) ?? info;
	} catch (err) {
		writer.reset(ErrorCode.Cancel);
		reader.stop(ErrorCode.Cancel);
		throw err;
	}
}
