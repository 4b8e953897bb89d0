// Zigzag mapping of signed timestamp deltas (spec §2.6).

export function zigzagEncode(d: i64): u64 {
	return <u64>((d << 1) ^ (d >> 63));
}

export function zigzagDecode(u: u64): i64 {
	return <i64>(u >> 1) ^ -(<i64>(u & 1));
}
