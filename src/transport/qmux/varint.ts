// QUIC variable-length integers (RFC 9000 §16) as plain numbers: every value QMux's hot path carries (stream ids,
// offsets, lengths, credit) fits below 2^53. Larger values on the wire are read approximately (`readVarint` keeps
// order, which is all a limit needs); the few 62-bit frame types are matched by `varintBig`.
import { QmuxError, TransportCode } from "./errors.js";

export const VARINT_MAX = 2 ** 62 - 1;

export function varintSize(n: number): number {
	return n < 0x40 ? 1 : n < 0x4000 ? 2 : n < 0x40000000 ? 4 : 8;
}

/** Writes `n` at `at` and returns the offset after it; `buf` must have room (varintSize). */
export function writeVarint(buf: Uint8Array, at: number, n: number): number {
	if (n < 0x40) {
		buf[at] = n;
		return at + 1;
	}
	if (n < 0x4000) {
		buf[at] = 0x40 | (n >>> 8);
		buf[at + 1] = n & 0xff;
		return at + 2;
	}
	if (n < 0x40000000) {
		buf[at] = 0x80 | (n >>> 24);
		buf[at + 1] = (n >>> 16) & 0xff;
		buf[at + 2] = (n >>> 8) & 0xff;
		buf[at + 3] = n & 0xff;
		return at + 4;
	}
	const hi = Math.floor(n / 2 ** 32);
	const lo = n >>> 0;
	buf[at] = 0xc0 | (hi >>> 24);
	buf[at + 1] = (hi >>> 16) & 0xff;
	buf[at + 2] = (hi >>> 8) & 0xff;
	buf[at + 3] = hi & 0xff;
	buf[at + 4] = lo >>> 24;
	buf[at + 5] = (lo >>> 16) & 0xff;
	buf[at + 6] = (lo >>> 8) & 0xff;
	buf[at + 7] = lo & 0xff;
	return at + 8;
}

/** Writes a 62-bit value given as a bigint (the QMux-specific frame types and parameter ids). */
export function writeVarintBig(buf: Uint8Array, at: number, n: bigint): number {
	if (n < 0x40000000n) return writeVarint(buf, at, Number(n));
	new DataView(buf.buffer, buf.byteOffset + at, 8).setBigUint64(0, n | (0xc0n << 56n));
	return at + 8;
}

/** A cursor over one record; every read past the end is a FRAME_ENCODING_ERROR. */
export class Cursor {
	pos: number;
	constructor(
		readonly buf: Uint8Array,
		start = 0,
		readonly end = buf.byteLength,
	) {
		this.pos = start;
	}

	get remaining(): number {
		return this.end - this.pos;
	}

	#need(n: number): void {
		if (this.end - this.pos < n) throw new QmuxError(TransportCode.FrameEncoding, "frame truncated");
	}

	varint(): number {
		this.#need(1);
		const b = this.buf;
		const p = this.pos;
		const first = b[p]!;
		switch (first >>> 6) {
			case 0:
				this.pos = p + 1;
				return first;
			case 1:
				this.#need(2);
				this.pos = p + 2;
				return ((first & 0x3f) << 8) | b[p + 1]!;
			case 2:
				this.#need(4);
				this.pos = p + 4;
				return ((first & 0x3f) * 2 ** 24) + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
			default: {
				this.#need(8);
				this.pos = p + 8;
				const hi = ((first & 0x3f) * 2 ** 24) + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
				const lo = ((b[p + 4]! << 24) | (b[p + 5]! << 16) | (b[p + 6]! << 8) | b[p + 7]!) >>> 0;
				return hi * 2 ** 32 + lo;
			}
		}
	}

	/** The next varint exactly (cold path: frame types and parameter ids that exceed 2^53). */
	varintBig(): bigint {
		this.#need(1);
		if (this.buf[this.pos]! >>> 6 !== 3) return BigInt(this.varint());
		this.#need(8);
		const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getBigUint64(0) & ((1n << 62n) - 1n);
		this.pos += 8;
		return v;
	}

	/** The next `n` bytes as a view (no copy). */
	bytes(n: number): Uint8Array {
		this.#need(n);
		const v = this.buf.subarray(this.pos, this.pos + n);
		this.pos += n;
		return v;
	}
}
