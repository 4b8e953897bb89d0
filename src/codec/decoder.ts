// Incremental decoder for one received stream. Control messages: the pending bytes are copied once into
// WASM and one call decodes every complete message. Frames: only a small header window is copied; the
// payloads are handed out as views of the caller's chunks.
import { BoundsExceededError, DecodeError, WrongSizeError } from "../error.js";
import { reasonError } from "./errors.js";
import { Codec, MESSAGE_NAME } from "../contract.js";
import { type AnyMessageKind, type AnyMessageMap, Code, versionByte } from "./kinds.js";
import { ByteQueue } from "./queue.js";
import { READERS } from "./readers.js";
import type { Frame, U62, Version } from "./types.js";
import { defaultEngine, type Engine } from "../wasm/engine.js";
import { type Cursor, H_AUX, H_CONSUMED, H_NEED, H_REASON } from "./wasm.js";

function readVarint(c: Cursor): U62 {
	return c.rU62();
}

export interface DecoderOptions {
	/** Largest control message accepted (bytes); a longer length prefix is a BoundsExceededError. */
	maxMessage?: number;
	/** The WASM core to decode with (default: the process's default engine). */
	engine?: Engine;
}

// Bytes copied per call: one message waits for at most its own length; a batch takes a big window.
const SMALL_WINDOW = 256;
const BATCH_WINDOW = 64 * 1024;
const BATCH_MAX = 1 << 16;
// Frame headers are at most 16 bytes; the window also covers the payloads of tiny frames.
const FRAME_WINDOW = 256;

export class Decoder {
	readonly #queue = new ByteQueue();
	readonly #maxMessage: number;
	readonly #engine: Engine;
	/** Queued bytes the next item needs before a decode attempt can make progress. */
	#need = 0;
	/** Running timestamp of 05 frames (deltas start from 0). */
	#timestamp = 0;
	/** What the stream is carrying, so finish() can name a cut item. */
	#framesVersion = 0;

	constructor(options: DecoderOptions = {}) {
		this.#maxMessage = options.maxMessage ?? 64 * 1024;
		this.#engine = options.engine ?? defaultEngine();
	}

	get buffered(): number {
		return this.#queue.length;
	}

	push(chunk: Uint8Array): void {
		this.#queue.push(chunk);
	}

	/** The stream type (or any bare varint); undefined until it is complete. */
	varint(): U62 | undefined {
		return this.#decode(Code.varint, 5, readVarint, 1, SMALL_WINDOW, MESSAGE_NAME.varint).items[0];
	}

	message<K extends AnyMessageKind>(kind: K, version: Version): AnyMessageMap[K] | undefined {
		const v = versionByte(version);
		return this.#decode(Code[kind], v, READERS[kind], 1, SMALL_WINDOW, MESSAGE_NAME[kind]).items[0];
	}

	/** Every complete message of `kind` queued now; a malformed one is thrown on the call that reaches it first. */
	messages<K extends AnyMessageKind>(kind: K, version: Version): AnyMessageMap[K][] {
		const v = versionByte(version);
		const all: AnyMessageMap[K][] = [];
		for (;;) {
			const { items, failed } = this.#decode(Code[kind], v, READERS[kind], BATCH_MAX, BATCH_WINDOW, MESSAGE_NAME[kind]);
			for (const m of items) all.push(m);
			if (items.length === 0 || failed) return all;
		}
	}

	#decode<T>(kind: number, v: number, read: (c: Cursor) => T, max: number, window: number, what: string): { items: T[]; failed: boolean } {
		const items: T[] = [];
		const q = this.#queue;
		const c = this.#engine.codec;
		this.#framesVersion = 0;
		for (;;) {
			if (q.length === 0 || q.length < this.#need) return { items, failed: false };
			const len = Math.min(q.length, Math.max(this.#need, window));
			const at = c.inputArea(len); // may grow memory: take the view after it
			q.copyTo(c.memory(), at, len);
			const n = c.exports.decodeMessages(kind, v, len, this.#maxMessage, max);
			c.beginRead();
			for (let i = 0; i < n; i++) {
				try {
					items.push(read(c));
				} catch (err) {
					// A field checked on the TS side (UTF-8, a number above 2^53-1) failed in message i of the batch:
					// the i before it are handed out and consumed, the bad one throws on the next call, as one by one.
					if (i === 0) throw err;
					c.exports.decodeMessages(kind, v, len, this.#maxMessage, i);
					q.skip(c.header(H_CONSUMED));
					this.#need = 0;
					return { items, failed: true };
				}
			}
			const reason = c.header(H_REASON);
			q.skip(c.header(H_CONSUMED));
			this.#need = reason === 0 ? c.header(H_NEED) : 0;
			if (reason !== 0 && n === 0) throw reasonError(reason, what);
			// A message longer than the window is retried once its whole length is known to be queued.
			if (n === 0 && len < q.length && this.#need <= q.length) continue;
			return { items, failed: reason !== 0 };
		}
	}

	frame(version: Version): Frame | undefined {
		return this.#frames(version, 1)[0];
	}

	/** Every complete frame queued now. */
	frames(version: Version): Frame[] {
		return this.#frames(version, Number.POSITIVE_INFINITY);
	}

	#frames(version: Version, max: number): Frame[] {
		const v = versionByte(version);
		this.#framesVersion = v;
		const out: Frame[] = [];
		const q = this.#queue;
		const c = this.#engine.codec;
		while (out.length < max && q.length > 0 && q.length >= this.#need) {
			const n = this.#scan(v, Math.min(max - out.length, FRAME_WINDOW));
			const reason = c.header(H_REASON);
			const detail = c.header(H_NEED);
			let taken = 0;
			for (; taken < n; taken++) {
				const delta = c.rF();
				const headerLen = c.rF();
				const size = c.rF();
				if (headerLen + size > q.length) {
					this.#need = headerLen + size;
					break;
				}
				// Checked before the frame is consumed: frames before it in this call are handed out, and the
				// bad one throws on the next call, as frame() does.
				if (!Number.isNaN(delta) && !Number.isSafeInteger(this.#timestamp + delta) && out.length > 0) {
					this.#need = 0;
					return out;
				}
				q.skip(headerLen);
				out.push(this.#stamp(delta, q.take(size)));
			}
			if (taken < n) break;
			if (reason !== 0) {
				if (out.length === 0) throw reasonError(reason, MESSAGE_NAME.frameHeader, detail);
				break;
			}
			// No whole header in the window: wait for any further byte.
			this.#need = n === 0 ? q.length + 1 : 0;
			if (n === 0) break;
		}
		return out;
	}

	/** Copies the header window into WASM and scans up to `max` frames; the records are ready to read. */
	#scan(v: number, max: number): number {
		const q = this.#queue;
		const len = Math.min(q.length, FRAME_WINDOW);
		const c = this.#engine.codec;
		const at = c.inputArea(len); // may grow memory: take the view after it
		q.copyTo(c.memory(), at, len);
		const n = c.exports.decodeFrames(v, len, max);
		c.beginRead();
		return n;
	}

	#stamp(delta: number, payload: Uint8Array): Frame {
		if (Number.isNaN(delta)) return { payload };
		const timestamp = this.#timestamp + delta;
		if (!Number.isSafeInteger(timestamp)) throw new BoundsExceededError("frame timestamp beyond 2^53-1");
		this.#timestamp = timestamp;
		return { timestamp, payload };
	}

	/**
	 * Call at FIN. Bytes left over mean a cut item: inside a message or frame header it is a DecodeError,
	 * inside a frame payload a WrongSizeError (spec §3.9). A FIN right after a whole 05 timestamp is
	 * tolerated, as Rust does.
	 */
	finish(): void {
		const q = this.#queue;
		if (q.length === 0) return;
		const v = this.#framesVersion;
		if (v === 0) throw new DecodeError(`stream ended inside a message (${q.length} bytes left)`);
		const n = this.#scan(v, 1);
		const c = this.#engine.codec;
		const reason = c.header(H_REASON);
		if (reason !== 0) throw reasonError(reason, MESSAGE_NAME.frameHeader, c.header(H_NEED));
		if (n === 0) {
			if (c.header(H_AUX) === Codec.tail.timestamp && q.length <= FRAME_WINDOW) return;
			throw new DecodeError("stream ended inside a frame header");
		}
		c.rF();
		const headerLen = c.rF();
		const size = c.rF();
		if (headerLen + size > q.length) throw new WrongSizeError();
		throw new DecodeError("stream ended with unread frames");
	}
}
