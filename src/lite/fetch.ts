// FETCH (05+, spec §3.6, §4.4). Publisher: resolve the track, fetch the group through the model (cached, or
// queued to its TrackDynamic), write its frames, FIN; errors reset with their code. Subscriber: each
// GroupRequest of a remote track becomes one wire FETCH; the group is handed out as soon as FETCH is sent, and
// the stream is cancelled (reset 0) once every reader of a still-open group has closed (spec §4.4 step 4).
import { BidiStreamType, encodeFetch } from "../codec/index.js";
import { CancelError, ErrorCode } from "../error.js";
import type { GroupProducer, GroupRequest } from "../model/index.js";
import { errorCode, streamError } from "./error.js";
import { writeFrames } from "./group.js";
import { sendOrder } from "./priority.js";
import { resolveTrack } from "./publisher.js";
import { seq } from "./sequence.js";
import type { Session } from "./session.js";
import type { Reader, Writer } from "./stream.js";

export async function serveFetch(s: Session, r: Reader, w: Writer): Promise<void> {
	const msg = await r.message("fetch", s.version);
	const sequence = seq(msg.group);
	w.sendOrder = sendOrder(msg.priority, 0, true);
	// The subscriber resetting its side abandons the fetch: fail our side so the frame loop stops.
	r.end().catch(() => w.reset(ErrorCode.Cancel));
	const track = await resolveTrack(s, msg.broadcast, msg.track);
	const group = await track.fetchGroup(sequence, { priority: msg.priority, signal: s.signal });
	await writeFrames(s.version, group, w);
	w.close();
}

/** Serves one GroupRequest of a remote track with a wire FETCH. */
export async function fetchRemote(s: Session, broadcast: string, track: string, request: GroupRequest): Promise<void> {
	let stream: { reader: Reader; writer: Writer };
	try {
		stream = await s.openBidi(BidiStreamType.Fetch, { sendOrder: sendOrder(request.priority, 0, true) });
		await stream.writer.write(encodeFetch({ broadcast, track, priority: request.priority, group: request.sequence }, s.version));
	} catch (err) {
		return request.reject(streamError(err));
	}
	const { reader, writer } = stream;
	let group: GroupProducer;
	try {
		group = request.accept();
	} catch {
		// Answered meanwhile (the live subscription delivered this sequence, or the track closed).
		writer.reset(ErrorCode.Cancel);
		return reader.stop(ErrorCode.Cancel);
	}
	// A group may stay open indefinitely: readers leaving, not the stream ending, is what stops it then.
	// Coalesced fetches share the group, so the stream stays while any of their readers remains.
	const done = new AbortController();
	const abandoned = group.unused({ signal: done.signal }).then(() => "abandoned" as const);
	abandoned.catch(() => {});
	try {
		for (;;) {
			const frames = await Promise.race([reader.frames(s.version), abandoned]);
			if (frames === "abandoned") throw new CancelError("every reader of the fetched group left");
			if (frames.length === 0) break;
			for (const f of frames) group.writeFrame(f.timestamp!, f.payload);
		}
		group.finish();
		// Our side stays open until the reply ends, as the reference does: a FIN only ever follows the answer.
		writer.close();
	} catch (err) {
		group.abort(streamError(err));
		writer.reset(errorCode(err));
		reader.stop(errorCode(err));
	} finally {
		done.abort();
	}
}
