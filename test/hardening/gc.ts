// A real garbage collection for memory assertions: vitest's workers do not run with --expose-gc, so the flag
// is set at run time and `gc` taken from a fresh context (V8 installs it there once the flag is on).
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as (options?: { type: "major"; execution: "sync" }) => void;

/** Full collection, twice (finalizers of the first pass free more), then the heap in use. */
export function settledHeap(): number {
	collect();
	collect();
	return process.memoryUsage().heapUsed;
}

export function gc(): void {
	collect();
}
