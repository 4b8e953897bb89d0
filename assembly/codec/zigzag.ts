// Zigzag mapping of signed timestamp deltas (spec §2.6). Rust refuses |d| >= 2^61; here encoded deltas are
// JS safe integers (|d| < 2^53) and decoded ones are refused beyond 2^53-1 (frame.ts), so the limit holds.

export function zigzagEncode(d: i64): u64 {
	return <u64>((d << 1) ^ (d >> 63));
}

export function zigzagDecode(u: u64): i64 {
	return <i64>(u >> 1) ^ -(<i64>(u & 1));
}
