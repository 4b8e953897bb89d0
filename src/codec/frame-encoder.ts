// Frame headers for GROUP and FETCH streams. The caller writes the payload itself, uncopied.
import { BoundsExceededError, EncodeError } from "../error.js";
import { encodeWith } from "./encode.js";
import { Code, versionByte } from "./kinds.js";
import type { Version } from "./types.js";
import type { Cursor } from "./wasm.js";
import type { Engine } from "../wasm/engine.js";

interface FrameHeader {
	delta: number;
	size: number;
}

function writeFrameHeader(c: Cursor, h: FrameHeader): void {
	c.wF(h.delta);
	c.wNum(h.size);
}

/** A header encoded for one frame after a given previous timestamp: what every stream sending that frame after
 * that same frame (every subscriber of a group, from its start) sends alike. */
interface Shared {
	readonly version: Version;
	readonly after: number;
	readonly bytes: Uint8Array;
}

/** Where the shared header sits on the frame object: a property, not a WeakMap (whose ephemeron entries cost GC
 * time per frame, ~3 % of a one-subscriber session). */
const SHARED = Symbol("moqwire.frameHeader");
type Keyed = { [SHARED]?: Shared };

/** One per stream: 05 timestamps travel as deltas against the previous frame, starting from 0. */
export class FrameEncoder {
	readonly #version: Version;
	readonly #engine: Engine | undefined;
	#timestamp = 0;
	readonly #header: FrameHeader = { delta: 0, size: 0 };

	/** `engine`: the one of the stream's session (default: the process's default engine). */
	constructor(version: Version, engine?: Engine) {
		versionByte(version);
		this.#version = version;
		this.#engine = engine;
	}

	/**
	 * The header of the next frame. `timestamp` is absolute in the track timescale, required on 05 and not
	 * sent on 03/04.
	 */
	header(timestamp: number | undefined, size: number): Uint8Array {
		const h = this.#header;
		h.size = size;
		h.delta = Number.NaN;
		if (timestamp !== undefined) {
			if (!Number.isSafeInteger(timestamp)) throw new EncodeError(`timestamp is not a safe integer: ${timestamp}`);
			h.delta = timestamp - this.#timestamp;
			if (!Number.isSafeInteger(h.delta)) throw new BoundsExceededError("timestamp delta beyond 2^53-1");
		}
		const bytes = encodeWith(Code.frameHeader, this.#version, writeFrameHeader, h, "FRAME", this.#engine);
		if (timestamp !== undefined) this.#timestamp = timestamp;
		return bytes;
	}

	/**
	 * header() for the frame `key` (a model frame every subscriber of its group holds), encoded once for all
	 * streams that reach it after the same previous frame; the bytes are shared, so never written to.
	 */
	sharedHeader(key: object, timestamp: number | undefined, size: number): Uint8Array {
		const after = this.#timestamp;
		const hit = (key as Keyed)[SHARED];
		if (hit !== undefined && hit.after === after && hit.version === this.#version) {
			if (timestamp !== undefined) this.#timestamp = timestamp;
			return hit.bytes;
		}
		const bytes = this.header(timestamp, size);
		(key as Keyed)[SHARED] = { version: this.#version, after, bytes };
		return bytes;
	}
}
