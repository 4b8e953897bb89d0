// Latency histogram with 1 % wide logarithmic buckets (10 µs .. ~100 s): mergeable across processes, so each
// subscriber process ships ~1.6k counts instead of every sample.

const MIN_MS = 0.01;
const STEP = Math.log(1.01);
const BUCKETS = Math.ceil(Math.log(100_000 / MIN_MS) / STEP) + 1;

function bucket(ms: number): number {
	return ms <= MIN_MS ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / MIN_MS) / STEP));
}

export class Histogram {
	readonly counts: number[];
	max = 0;
	total = 0;

	constructor(counts?: number[], max = 0) {
		this.counts = counts ?? new Array<number>(BUCKETS).fill(0);
		this.max = max;
		this.total = this.counts.reduce((a, b) => a + b, 0);
	}

	add(ms: number): void {
		this.counts[bucket(ms)]!++;
		this.total++;
		if (ms > this.max) this.max = ms;
	}

	merge(other: { counts: number[]; max: number }): void {
		for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
		this.total += other.counts.reduce((a, b) => a + b, 0);
		this.max = Math.max(this.max, other.max);
	}

	/** How many samples are above `ms` (to the bucket's 1 %). */
	above(ms: number): number {
		let n = 0;
		for (let i = bucket(ms) + 1; i < BUCKETS; i++) n += this.counts[i]!;
		return n;
	}

	/** The upper edge of the bucket holding quantile `q` (0..1), in ms; NaN when empty. */
	quantile(q: number): number {
		if (this.total === 0) return NaN;
		const rank = Math.ceil(q * this.total);
		let seen = 0;
		for (let i = 0; i < BUCKETS; i++) {
			seen += this.counts[i]!;
			if (seen >= rank) return Math.min(this.max, MIN_MS * Math.exp(i * STEP));
		}
		return this.max;
	}
}
