// `npm run bench relay [-- --n 10,50,200 --rate 0.3,1,10 --targets floor,moqwire --transport ws,quic
// --seconds 5 --workers 2 --client lean,session --out bench/results --profile dir]`: relay fan-out, one publisher → N subscribers in worker processes,
// every relay in TARGETS (plus --relay-cmd/--relay-url/--relay-name) in the same run, so rows compare.
// Prints a table per load, writes relay.json and relay.svg to --out. Needs `npm run build` (dist/cli.js).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { chart } from "./relay/chart.js";
import { measure, type Row } from "./relay/run.js";
import { type Client, customTarget, type Target, TARGETS, type Transport } from "./relay/targets.js";
import { printTable } from "./measure.js";

const FLAGS = ["--n", "--rate", "--targets", "--transport", "--seconds", "--workers", "--client", "--out", "--profile", "--relay-cmd", "--relay-url", "--relay-name"];

function parse(argv: string[]): Map<string, string> {
	const flags = new Map<string, string>();
	for (let i = 0; i < argv.length; i += 2) {
		const name = argv[i]!;
		if (!FLAGS.includes(name)) throw new Error(`unknown flag ${name}; bench relay takes ${FLAGS.join(", ")}`);
		if (argv[i + 1] === undefined) throw new Error(`${name} needs a value`);
		flags.set(name, argv[i + 1]!);
	}
	return flags;
}

const list = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);
const nums = (s: string, what: string) =>
	list(s).map((x) => {
		const v = Number(x);
		if (!(v > 0)) throw new Error(`${what} wants positive numbers, got ${JSON.stringify(x)}`);
		return v;
	});

const f = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : "-");

export default async function relayBench(argv: string[] = []): Promise<void> {
	const flags = parse(argv);
	if (!existsSync("dist/cli.js")) throw new Error("bench relay runs dist/cli.js: run `npm run build` first");
	const ns = nums(flags.get("--n") ?? "1,10,50,200,500", "--n");
	const rates = nums(flags.get("--rate") ?? "0.3,1,10", "--rate");
	const transports = list(flags.get("--transport") ?? "ws") as Transport[];
	const targets: Target[] = list(flags.get("--targets") ?? "floor,moqwire").map((name) => {
		const t = TARGETS[name];
		if (!t) throw new Error(`unknown target ${name}; known: ${Object.keys(TARGETS).join(", ")}`);
		return t;
	});
	if (flags.has("--relay-cmd")) {
		const url = flags.get("--relay-url");
		if (!url) throw new Error("--relay-cmd needs --relay-url (with {port})");
		targets.push(customTarget(flags.get("--relay-name") ?? "custom", flags.get("--relay-cmd")!, url));
	}
	const clients = list(flags.get("--client") ?? "lean");
	for (const c of clients) if (c !== "lean" && c !== "session") throw new Error(`--client takes lean, session; got ${c}`);
	const options = { seconds: Number(flags.get("--seconds") ?? 5), workers: Number(flags.get("--workers") ?? 2), clients, ...(flags.has("--profile") ? { profile: flags.get("--profile")! } : {}) };
	const out = flags.get("--out") ?? "bench/results";
	const rows: Row[] = [];
	for (const transport of transports) {
		for (const rate of rates) {
			for (const n of ns) {
				for (const target of targets) {
					if (!target.transports.includes(transport)) continue;
					// The floor's clients are plain sockets; QUIC viewers are always the full session.
					const kinds: Client[] = target.clients === "ws" ? ["lean"] : transport === "quic" ? ["session"] : (clients as Client[]);
					for (const client of kinds) {
						const row = await measure(target, transport, n, rate, { ...options, client });
						rows.push(row);
						console.error(`${row.target} (${row.client} clients) ${transport} ${rate} MB/s N=${n}: p50 ${f(row.p50, 2)} ms, p99 ${f(row.p99, 1)} ms, loss ${f(100 * row.loss)} %, ${f(row.usPerFrame)} µs/frame${row.error ? `, ${row.error}` : ""}`);
					}
				}
			}
			const sel = rows.filter((r) => r.rate === rate && r.transport === transport);
			console.log(`\n### ${rate} MB/s (${sel[0]?.frameBytes ?? "?"} B frames), ${transport}\n`);
			printTable(
				["relay", "clients", "N", "joined", "p50 ms", "p99 ms", "max ms", "loss %", "stale %", "relay CPU %", "µs/frame", "RSS MB", "peak MB", "clients CPU %", "load"],
				sel.map((r) => [
					r.target, r.client, r.n, r.joined, f(r.p50, 2), f(r.p99), f(r.max), f(100 * r.loss, 2), f(100 * r.stale, 2), f(r.relayCpuPct),
					f(r.usPerFrame), f(r.rssMB, 0), f(r.peakRssMB, 0), f(r.clientCpuPct), r.error ? `${f(r.load, 2)} (${r.error})` : f(r.load, 2),
				]),
			);
		}
	}
	mkdirSync(out, { recursive: true });
	const result = { date: new Date().toISOString(), cores: cpus().length, node: process.version, options, rows };
	writeFileSync(`${out}/relay.json`, `${JSON.stringify(result, null, "\t")}\n`);
	writeFileSync(`${out}/relay.svg`, chart(rows));
	console.log(`\nwrote ${out}/relay.json and ${out}/relay.svg`);
}
