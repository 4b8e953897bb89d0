// `npm run fuzz [-- --runs N --seed S --jobs J target...]`: the long run (not in CI). Each target runs in a worker
// thread on inputs generated from (seed, index) — mutations of valid encodings and random bytes. A failing input
// is saved under test/corpus/<target>/ (replayed by corpus.test.ts). A worker whose progress counter stalls for
// HANG_MS is terminated and the input it was on is rebuilt from its index and saved as a hang.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { installModule } from "../../src/wasm/core.js";
import { saveCase } from "./corpus.js";
import { generate } from "./mutate.js";
import { TARGETS, target } from "./targets.js";

const HANG_MS = 10_000;
/** Distinct failures saved per target (the same bug tends to be hit thousands of times). */
const MAX_SAVED = 20;

interface Job {
	target: string;
	seed: number;
	from: number;
	runs: number;
	progress: SharedArrayBuffer;
}

interface Result {
	target: string;
	runs: number;
	ms: number;
	failures: number;
	saved: string[];
}

function loadWasm(): void {
	installModule(new WebAssembly.Module(readFileSync(join(process.cwd(), "build", "moqwire.wasm"))));
}

/** Failures with the same message shape count once: digits and quoted values vary between inputs. */
function signature(failure: string): string {
	return failure.replace(/"[^"]*"/g, '"…"').replace(/\d+/g, "#").slice(0, 120);
}

function work(job: Job): void {
	// Typed errors are the expected outcome of most inputs: their stack traces would be most of the cost.
	Error.stackTraceLimit = 0;
	loadWasm();
	const t = target(job.target);
	const seeds = t.seeds();
	const progress = new Int32Array(job.progress);
	const seen = new Set<string>();
	const saved: string[] = [];
	let failures = 0;
	const start = performance.now();
	const end = job.from + job.runs;
	for (let i = job.from; i < end; i++) {
		Atomics.store(progress, 0, i);
		const input = generate(seeds, job.seed, i);
		let failure: string | undefined;
		try {
			failure = t.check(input);
		} catch (e) {
			failure = `the check itself threw: ${e instanceof Error ? e.stack : String(e)}`;
		}
		if (failure === undefined) continue;
		failures++;
		const sig = signature(failure);
		if (seen.has(sig) || saved.length >= MAX_SAVED) continue;
		seen.add(sig);
		saved.push(saveCase(t.name, input, `${failure}\n(seed ${job.seed}, input ${i})`));
	}
	Atomics.store(progress, 0, end);
	const result: Result = { target: t.name, runs: job.runs, ms: performance.now() - start, failures, saved };
	parentPort!.postMessage(result);
}

/** Runs one target to completion, restarting past hung inputs. */
async function supervise(name: string, seed: number, runs: number): Promise<Result> {
	const total: Result = { target: name, runs: 0, ms: 0, failures: 0, saved: [] };
	let from = 0;
	while (from < runs) {
		const progress = new SharedArrayBuffer(4);
		const counter = new Int32Array(progress);
		Atomics.store(counter, 0, from);
		const job: Job = { target: name, seed, from, runs: runs - from, progress };
		const worker = new Worker(new URL(import.meta.url), { workerData: job });
		const started = performance.now();
		const outcome = await new Promise<Result | { hung: number } | { crashed: string; at: number }>((resolve) => {
			let last = -1;
			let since = performance.now();
			const timer = setInterval(() => {
				const now = Atomics.load(counter, 0);
				if (now !== last) {
					last = now;
					since = performance.now();
				} else if (performance.now() - since > HANG_MS) {
					clearInterval(timer);
					void worker.terminate();
					resolve({ hung: now });
				}
			}, 500);
			worker.once("message", (r: Result) => {
				clearInterval(timer);
				resolve(r);
			});
			worker.once("error", (err) => {
				clearInterval(timer);
				resolve({ crashed: err.stack ?? String(err), at: Atomics.load(counter, 0) });
			});
		});
		if ("target" in outcome) {
			total.runs += outcome.runs;
			total.ms += outcome.ms;
			total.failures += outcome.failures;
			total.saved.push(...outcome.saved);
			break;
		}
		// The worker is gone: rebuild the input it was on and keep it.
		const at = "hung" in outcome ? outcome.hung : outcome.at;
		const seeds = target(name).seeds();
		const input = generate(seeds, seed, at);
		const why = "hung" in outcome ? `no progress for ${HANG_MS} ms` : `worker crashed: ${outcome.crashed}`;
		total.saved.push(saveCase(name, input, `${why}\n(seed ${seed}, input ${at})`));
		total.failures++;
		total.runs += at - from + 1;
		total.ms += performance.now() - started;
		from = at + 1;
	}
	return total;
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	let runs = 1_000_000;
	let seed = (Math.random() * 2 ** 32) >>> 0;
	let jobs = 1;
	const names: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const a = args[i]!;
		if (a === "--runs") runs = Number(args[++i]);
		else if (a === "--seed") seed = Number(args[++i]) >>> 0;
		else if (a === "--jobs") jobs = Math.max(1, Number(args[++i]));
		else names.push(a);
	}
	loadWasm(); // for the seed rebuild after a hang
	const selected = names.length === 0 ? TARGETS.map((t) => t.name) : names;
	for (const n of selected) target(n);
	console.log(`fuzzing ${selected.length} decoders, ${runs.toLocaleString("en")} inputs each, seed ${seed}, ${jobs} at a time\n`);
	console.log("| decoder | inputs | seconds | inputs/s | failures |");
	console.log("|---|---:|---:|---:|---:|");
	const queue = [...selected];
	const results: Result[] = [];
	await Promise.all(
		Array.from({ length: jobs }, async () => {
			for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
				const r = await supervise(name, seed, runs);
				results.push(r);
				const rate = Math.round(r.runs / (r.ms / 1000));
				console.log(`| ${r.target} | ${r.runs.toLocaleString("en")} | ${(r.ms / 1000).toFixed(1)} | ${rate.toLocaleString("en")} | ${r.failures} |`);
				for (const f of r.saved) console.log(`    saved ${f}`);
			}
		}),
	);
	const failed = results.reduce((n, r) => n + r.failures, 0);
	console.log(failed === 0 ? "\nno failures" : `\n${failed} failing inputs; new cases are in test/corpus/ (replayed by test/fuzz/corpus.test.ts)`);
	process.exitCode = failed === 0 ? 0 : 1;
}

if (isMainThread) await main();
else work(workerData as Job);
