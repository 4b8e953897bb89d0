// Publisher-half helpers shared by the TRACK, SUBSCRIBE and FETCH streams: broadcast resolution through the
// published origin (announced, or an OriginDynamic pulling it on demand) and sequence conversion.
import type { U62 } from "../codec/index.js";
import { BoundsExceededError } from "../error.js";
import type { TrackConsumer } from "../model/index.js";
import type { Session } from "./session.js";

/** The named track of a published broadcast; NotFound/Unroutable and the like reset the stream with their code. */
export async function resolveTrack(s: Session, broadcast: string, track: string): Promise<TrackConsumer> {
	const b = await s.publish.requestBroadcast(broadcast, { signal: s.signal });
	return b.track(track);
}

/** Group sequences are exact JS numbers up to 2^53-1; beyond that the model cannot hold them. */
export function seq(v: U62): number {
	if (typeof v === "bigint") throw new BoundsExceededError(`group sequence ${v} is above 2^53 - 1`);
	return v;
}
