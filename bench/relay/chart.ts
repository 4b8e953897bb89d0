// The fan-out bench's SVG: p50 and p99 latency (log scale) and relay CPU µs per delivered frame against N,
// one colour per relay, one panel pair per load.
import type { Row } from "./run.js";

const W = 360;
const H = 220;
const PAD = 44;
const COLOURS = ["#888", "#d62728", "#1f77b4", "#2ca02c", "#9467bd"];

/** One line per relay and client kind (lean is the default, so only the full-session clients are named). */
const series = (r: Row): string => (r.client === "session" ? `${r.target}, session clients` : r.target);

function panel(x0: number, y0: number, title: string, rows: Row[], names: string[], pick: (r: Row) => number[], unit: string): string {
	const ns = [...new Set(rows.map((r) => r.n))].sort((a, b) => a - b);
	const values = rows.flatMap(pick).filter((v) => v > 0 && Number.isFinite(v));
	const lo = Math.pow(10, Math.floor(Math.log10(Math.min(...values, 1))));
	const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...values, 10))));
	const px = (i: number) => x0 + PAD + (ns.length === 1 ? 0.5 : i / (ns.length - 1)) * (W - PAD - 10);
	const py = (v: number) => y0 + H - PAD + -((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (H - PAD - 24);
	let out = `<text x="${x0 + W / 2}" y="${y0 + 14}" text-anchor="middle" font-weight="bold">${title}</text>`;
	for (let d = lo; d <= hi; d *= 10) {
		out += `<line x1="${x0 + PAD}" x2="${x0 + W - 10}" y1="${py(d)}" y2="${py(d)}" stroke="#eee"/>`;
		out += `<text x="${x0 + PAD - 4}" y="${py(d) + 4}" text-anchor="end">${d >= 1000 ? `${d / 1000}k` : d}</text>`;
	}
	ns.forEach((n, i) => (out += `<text x="${px(i)}" y="${y0 + H - PAD + 16}" text-anchor="middle">${n}</text>`));
	out += `<text x="${x0 + W / 2}" y="${y0 + H - 8}" text-anchor="middle">subscribers (N), ${unit}</text>`;
	names.forEach((name, k) => {
		const mine = rows.filter((r) => series(r) === name);
		pick(mine[0] ?? ({} as Row)).forEach((_, line) => {
			const pts = mine.map((r) => [px(ns.indexOf(r.n)), py(pick(r)[line]!)] as const).filter(([, y]) => Number.isFinite(y));
			const dash = line === 0 ? "" : ` stroke-dasharray="4 3"`;
			out += `<polyline fill="none" stroke="${COLOURS[k % COLOURS.length]}" stroke-width="2"${dash} points="${pts.map((p) => p.join(",")).join(" ")}"/>`;
		});
	});
	return out;
}

export function chart(rows: Row[]): string {
	const names = [...new Set(rows.map(series))];
	const loads = [...new Set(rows.map((r) => `${r.rate} MB/s, ${r.transport}`))];
	const height = loads.length * (H + 10) + 30;
	let body = "";
	loads.forEach((load, i) => {
		const sel = rows.filter((r) => `${r.rate} MB/s, ${r.transport}` === load);
		const y = 30 + i * (H + 10);
		body += panel(0, y, `latency p50 / p99 (ms), ${load}`, sel, names, (r) => [r.p50, r.p99], "ms");
		body += panel(W, y, `relay CPU µs per delivered frame, ${load}`, sel, names, (r) => [r.usPerFrame], "µs");
	});
	const legend = names
		.map((n, k) => `<rect x="${10 + k * 170}" y="6" width="12" height="12" fill="${COLOURS[k % COLOURS.length]}"/><text x="${26 + k * 170}" y="16">${n}</text>`)
		.join("");
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${height}" font-family="sans-serif" font-size="11"><rect width="100%" height="100%" fill="white"/>${legend}<text x="${2 * W - 10}" y="16" text-anchor="end">solid p50, dashed p99</text>${body}</svg>\n`;
}
