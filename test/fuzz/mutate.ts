// Input generation for the fuzzers: mutations of valid encodings and random bytes, from a small seeded PRNG
// so input number i of a run can be rebuilt from (seed, i) alone (the long run's hang watchdog relies on it).

export type Rng = () => number;

/** mulberry32: fast, good enough to drive mutations. Returns uint32. */
export function rng(seed: number): Rng {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return (t ^ (t >>> 14)) >>> 0;
	};
}

/** The PRNG for input `index` of a run seeded `seed`. */
export function rngFor(seed: number, index: number): Rng {
	return rng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
}

// Bytes that sit on varint length boundaries, bool/priority edges and UTF-8 lead bytes.
const INTERESTING = [0x00, 0x01, 0x02, 0x3f, 0x40, 0x7f, 0x80, 0xbf, 0xc0, 0xc3, 0xed, 0xfe, 0xff];
// Varints that claim huge lengths, counts or sequences: 2^62-1, 2^53, 2^30, 2^14, 64.
const BIG_VARINTS = [
	[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
	[0xc0, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00],
	[0xc0, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00],
	[0x80, 0x00, 0x40, 0x00],
	[0x40, 0x40],
	[0x82, 0x00, 0x00, 0x01],
];

function randomBytes(r: Rng): Uint8Array {
	const roll = r() % 16;
	const n = roll < 12 ? r() % 24 : roll < 15 ? r() % 256 : r() % 2048;
	const out = new Uint8Array(n);
	for (let i = 0; i < n; i++) out[i] = r() % 3 === 0 ? INTERESTING[r() % INTERESTING.length]! : r() & 0xff;
	return out;
}

function splice(a: Uint8Array, at: number, del: number, insert: ArrayLike<number>): Uint8Array {
	const out = new Uint8Array(a.byteLength - del + insert.length);
	out.set(a.subarray(0, at));
	out.set(insert, at);
	out.set(a.subarray(at + del), at + insert.length);
	return out;
}

/** One to four stacked mutations of `input`, sometimes spliced with another seed. */
export function mutate(input: Uint8Array, r: Rng, other?: Uint8Array): Uint8Array {
	let b = input;
	const rounds = 1 + (r() % 4);
	for (let k = 0; k < rounds; k++) {
		const len = b.byteLength;
		const at = len === 0 ? 0 : r() % (len + 1);
		switch (r() % 10) {
			case 0: // flip a bit
				if (len > 0) {
					b = b.slice();
					b[r() % len]! ^= 1 << (r() % 8);
				}
				break;
			case 1: // an interesting byte
				if (len > 0) {
					b = b.slice();
					b[r() % len] = INTERESTING[r() % INTERESTING.length]!;
				}
				break;
			case 2: // a random byte
				if (len > 0) {
					b = b.slice();
					b[r() % len] = r() & 0xff;
				}
				break;
			case 3: // truncate
				b = b.subarray(0, at);
				break;
			case 4: // delete a range
				b = splice(b, at, Math.min(len - at, 1 + (r() % 8)), []);
				break;
			case 5: // insert random bytes
				b = splice(b, at, 0, randomBytes(r).subarray(0, 1 + (r() % 8)));
				break;
			case 6: // overwrite with a huge varint
				{
					const big = BIG_VARINTS[r() % BIG_VARINTS.length]!;
					b = splice(b, at, Math.min(len - at, r() % 3), big);
				}
				break;
			case 7: // duplicate a range
				if (len > 0) {
					const from = r() % len;
					const n = 1 + (r() % Math.min(16, len - from));
					b = splice(b, at, 0, b.slice(from, from + n));
				}
				break;
			case 8: // splice with another valid encoding
				if (other) b = splice(b.subarray(0, at), at, 0, other.subarray(r() % (other.byteLength + 1)));
				break;
			default: // append random bytes
				b = splice(b, len, 0, randomBytes(r));
		}
	}
	return b;
}

/** Input `index`: mostly mutations of a seed, a quarter pure random bytes. */
export function generate(seeds: readonly Uint8Array[], seed: number, index: number): Uint8Array {
	const r = rngFor(seed, index);
	if (seeds.length === 0 || r() % 4 === 0) return randomBytes(r);
	const base = seeds[r() % seeds.length]!;
	return mutate(base, r, seeds[r() % seeds.length]);
}
