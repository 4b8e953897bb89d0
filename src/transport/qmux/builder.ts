// Gathers one flush's frames into WebSocket messages: a QMux Record per message (draft-01+, up to the peer's
// max_record_size), or one frame per message (draft-00, legacy). Headers and small payloads are written into a
// scratch buffer and copied out once per message; larger payloads stay the caller's buffers, never copied.
import { MAX_STREAM_HEADER, streamHeaderSize, writeStreamHeader } from "./frames.js";
import { alloc, type Message } from "./socket.js";
import type { Wire } from "./wire.js";

/** Payloads below this are copied next to their header: cheaper than one more buffer to write. */
const COPY_BELOW = 256;
/** Send-only ceiling on a STREAM frame's payload: released QMux peers refuse larger ones whatever they advertise. */
export const MAX_STREAM_PAYLOAD = 16384 - 32;

/** Shared by every connection: a flush runs to completion and copies out what it wrote here. */
const scratch = new Uint8Array(64 * 1024);

export class Builder {
	readonly messages: Message[] = [];
	#parts: Uint8Array[] = [];
	#size = 0;
	#from = 0;
	#at = 0;
	readonly #wire: Wire;
	readonly #limit: number;

	/** `limit`: the largest message the peer accepts. */
	constructor(wire: Wire, limit: number) {
		this.#wire = wire;
		this.#limit = limit;
	}

	get empty(): boolean {
		return this.messages.length === 0 && this.#size === 0;
	}

	/**
	 * The most payload a STREAM frame of stream `id` at `offset` may carry here, `want` wanted; ends the
	 * current message first when too little of it would fit.
	 */
	fit(id: number, offset: number, want: number): number {
		const header = streamHeaderSize(this.#wire, id, offset, MAX_STREAM_PAYLOAD);
		let room = this.#limit - this.#size - header;
		if (this.#size > 0 && room < Math.min(want, COPY_BELOW)) {
			this.end();
			room = this.#limit - header;
		}
		return Math.min(want, room, MAX_STREAM_PAYLOAD);
	}

	/** A STREAM frame; `data` must fit (see fit()). */
	stream(id: number, offset: number, data: Uint8Array, fin: boolean): void {
		if (this.#at + MAX_STREAM_HEADER + COPY_BELOW > scratch.byteLength) this.#cut();
		this.#at = writeStreamHeader(this.#wire, scratch, this.#at, id, offset, data.byteLength, fin);
		this.#append(data);
		this.#size = this.#size + data.byteLength + streamHeaderSize(this.#wire, id, offset, data.byteLength);
		if (!this.#wire.records) this.end();
	}

	/** A control frame, whole. */
	control(frame: Uint8Array): void {
		if (this.#size > 0 && (!this.#wire.records || this.#size + frame.byteLength > this.#limit)) this.end();
		this.#append(frame);
		this.#size += frame.byteLength;
		if (!this.#wire.records) this.end();
	}

	#append(data: Uint8Array): void {
		if (data.byteLength < COPY_BELOW) {
			scratch.set(data, this.#at);
			this.#at += data.byteLength;
			return;
		}
		this.#cut();
		this.#parts.push(data);
	}

	/** What is gathered in scratch becomes a part of its own. */
	#cut(): void {
		if (this.#at === this.#from) return;
		const part = alloc(this.#at - this.#from);
		part.set(scratch.subarray(this.#from, this.#at));
		this.#parts.push(part);
		this.#from = this.#at;
		if (this.#at > scratch.byteLength / 2) this.#from = this.#at = 0;
	}

	/** Closes the current message. */
	end(): void {
		this.#cut();
		this.#from = this.#at = 0;
		if (this.#parts.length === 0) return;
		this.messages.push(this.#parts);
		this.#parts = [];
		this.#size = 0;
	}
}
