// Shared timing and table printing for benchmarks: median of repeated timed runs, printed as a markdown table.

/** Runs `fn` (which performs `ops` operations) until `minMs` elapsed per sample; returns the median ops/s. */
export async function opsPerSecond(fn: () => unknown | Promise<unknown>, ops: number, samples = 7, minMs = 100): Promise<number> {
	for (let i = 0; i < 3; i++) await fn(); // warm up the JIT
	const rates: number[] = [];
	for (let s = 0; s < samples; s++) {
		let n = 0;
		const start = performance.now();
		let elapsed = 0;
		do {
			await fn();
			n++;
			elapsed = performance.now() - start;
		} while (elapsed < minMs);
		rates.push((n * ops) / (elapsed / 1000));
	}
	rates.sort((a, b) => a - b);
	return rates[rates.length >> 1]!;
}

/** Formats a number with SI-ish suffixes for tables (1.23M, 456k). */
export function fmt(n: number): string {
	if (n >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
	if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
	if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
	return n.toFixed(n < 10 ? 2 : 0);
}

/** Prints rows as a markdown table. */
export function printTable(headers: string[], rows: (string | number)[][]): void {
	const cells = [headers, ...rows.map((r) => r.map(String))];
	const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
	const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
	console.log(line(headers));
	console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
	for (const r of cells.slice(1)) console.log(line(r));
}
