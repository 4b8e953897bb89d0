// GROUP uni streams, publisher half (spec §3.7): one stream per group, frames as they are produced, FIN when the
// group finishes, a reset with the group's error code when it fails. The subscriber half is recv-group.ts.
import { encodeGroupHeader, encodeVarint, FrameEncoder, UniStreamType, type Version } from "../codec/index.js";
import type { GroupConsumer } from "../model/index.js";
import { errorCode } from "./error.js";
import type { Session } from "./session.js";
import type { Writer } from "./stream.js";
import { hasTimestamps } from "./version.js";

/** Payloads up to this size are copied next to their header; frames ready together leave as one chunk. */
const COALESCE = 4096;
/** A batch is flushed at this size even while more frames are ready. */
const BATCH = 16 * 1024;

/** Small frames gathered into one chunk (one copy, one stream write) instead of two writes each. */
class Batch {
	#parts: Uint8Array[] = [];
	#bytes = 0;

	get bytes(): number {
		return this.#bytes;
	}

	add(part: Uint8Array): void {
		this.#parts.push(part);
		this.#bytes += part.byteLength;
	}

	async flush(w: Writer): Promise<void> {
		if (this.#bytes === 0) return;
		const chunk = new Uint8Array(this.#bytes);
		let at = 0;
		for (const p of this.#parts) {
			chunk.set(p, at);
			at += p.byteLength;
		}
		this.#parts = [];
		this.#bytes = 0;
		await w.write(chunk);
	}
}

/** The stream type every GROUP stream opens with: encoded once (lazily: the WASM codec loads after import),
 * only ever read (Batch copies it). */
let groupType: Uint8Array | undefined;

/** Settled before anything it races: a frame promise that wins against it was already available. */
const WAITING = Symbol("waiting");
const waiting = Promise.resolve(WAITING);

/**
 * Writes every frame of `group` to `w` (FETCH replies share this) and returns at the group's end. The reader
 * is closed either way, so a relayed fetch upstream ends as soon as its last downstream stream does.
 */
export async function writeFrames(version: Version, group: GroupConsumer, w: Writer, ...prefix: Uint8Array[]): Promise<void> {
	try {
		await copyFrames(version, group, w, prefix);
	} finally {
		group.close();
	}
}

async function copyFrames(version: Version, group: GroupConsumer, w: Writer, prefix: Uint8Array[]): Promise<void> {
	const enc = new FrameEncoder(version);
	const timestamps = hasTimestamps(version);
	// The stream failing (peer stop, reset, session close) ends a wait on an open group.
	const stop = new AbortController();
	w.closed.catch((err: unknown) => stop.abort(err));
	const wait = { signal: stop.signal };
	const batch = new Batch();
	for (const p of prefix) batch.add(p);
	for (;;) {
		const next = group.readFrame(wait);
		let frame = await Promise.race([next, waiting]);
		if (frame === WAITING) {
			// Nothing more ready: what is gathered goes out before waiting.
			await batch.flush(w);
			frame = await next;
		}
		if (!frame) break;
		const header = enc.header(timestamps ? frame.timestamp : undefined, frame.payload.byteLength);
		batch.add(header);
		if (frame.payload.byteLength <= COALESCE) {
			batch.add(frame.payload);
			if (batch.bytes >= BATCH) await batch.flush(w);
		} else {
			await batch.flush(w);
			await w.write(frame.payload);
		}
	}
	await batch.flush(w);
}

/** Serves one group on its own uni stream. `w` is registered with the subscription before this starts. */
export async function serveGroup(s: Session, id: number | bigint, group: GroupConsumer, w: Writer): Promise<void> {
	try {
		// Both go out in the first batch: one copy, no intermediate prefix.
		const header = encodeGroupHeader({ subscribeId: id, sequence: group.sequence }, s.version);
		await writeFrames(s.version, group, w, (groupType ??= encodeVarint(UniStreamType.Group)), header);
		await w.close();
	} catch (err) {
		w.reset(errorCode(err));
	}
}
