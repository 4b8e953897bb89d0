// QUIC varints (RFC 9000 §16): the top two bits of the first byte give the length 1/2/4/8.
import { R_VARINT } from "../contract";
import { fail } from "./reason";

export const VARINT_MAX: u64 = 0x3fffffffffffffff;

/** Byte length of the varint starting with byte `b0`. */
// @ts-ignore: decorator
@inline export function viLen(b0: u32): usize {
	return <usize>1 << (b0 >> 6);
}

/** The value at `p`; the caller has checked that viLen bytes are there. Non-minimal forms are accepted, like Rust. */
export function viAt(p: usize): u64 {
	const b0 = <u32>load<u8>(p);
	const tag = b0 >> 6;
	if (tag == 0) return <u64>b0;
	if (tag == 1) return <u64>(bswap<u16>(load<u16>(p)) & 0x3fff);
	if (tag == 2) return <u64>(bswap<u32>(load<u32>(p)) & 0x3fffffff);
	return bswap<u64>(load<u64>(p)) & VARINT_MAX;
}

/** Minimal encoded length; values above 2^62-1 are reported by viPut. */
export function viSize(v: u64): usize {
	if (v < 64) return 1;
	if (v < 16384) return 2;
	if (v < 1073741824) return 4;
	return 8;
}

/** Writes the minimal encoding of `v` at `p` and returns the byte count (0 when out of range). */
export function viPut(p: usize, v: u64): usize {
	if (v > VARINT_MAX) {
		fail(R_VARINT);
		return 0;
	}
	if (v < 64) {
		store<u8>(p, <u8>v);
		return 1;
	}
	if (v < 16384) {
		store<u16>(p, bswap<u16>(<u16>v | 0x4000));
		return 2;
	}
	if (v < 1073741824) {
		store<u32>(p, bswap<u32>(<u32>v | 0x80000000));
		return 4;
	}
	store<u64>(p, bswap<u64>(v | 0xc000000000000000));
	return 8;
}
