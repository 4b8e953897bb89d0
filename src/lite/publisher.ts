// Publisher half: TRACK, SUBSCRIBE and FETCH resolve their broadcast through the published origin (announced,
// or an OriginDynamic pulling it on demand), as Rust lite publishers do with request_broadcast.
import { UnroutableError } from "../error.js";
import { normalizePath } from "../path.js";
import type { TrackConsumer } from "../model/index.js";
import type { Session } from "./session.js";

/** The named track of a published broadcast; NotFound/Unroutable and the like reset the stream with their code. */
export async function resolveTrack(s: Session, broadcast: string, track: string): Promise<TrackConsumer> {
	if (s.mayServe && !s.mayServe(normalizePath(broadcast))) throw new UnroutableError(`broadcast ${broadcast} is not routable`);
	const b = await s.publish.requestBroadcast(broadcast, { signal: s.signal });
	return b.track(track);
}
