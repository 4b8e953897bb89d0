// CPU time and memory of a process tree from /proc (Linux), so any relay command is measured the same way,
// whatever it is written in.
import { readFileSync } from "node:fs";

const TICK_US = 1e6 / 100; // USER_HZ is 100 on Linux

function read(path: string): string | undefined {
	try {
		return readFileSync(path, "utf8");
	} catch {
		return undefined;
	}
}

/** `pid` and its descendants. */
function tree(pid: number): number[] {
	const out = [pid];
	for (let i = 0; i < out.length; i++) {
		const children = read(`/proc/${out[i]}/task/${out[i]}/children`);
		if (children) for (const c of children.trim().split(/\s+/).filter(Boolean)) out.push(Number(c));
	}
	return out;
}

/** User + system CPU of the tree, in µs. */
export function cpuMicros(pid: number): number {
	let us = 0;
	for (const p of tree(pid)) {
		const stat = read(`/proc/${p}/stat`);
		if (!stat) continue;
		// Fields after the parenthesised command name; utime and stime are fields 14 and 15.
		const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
		us += (Number(f[11]) + Number(f[12])) * TICK_US;
	}
	return us;
}

/** Resident and peak resident memory of the tree, in MB. */
export function memoryMB(pid: number): { rss: number; peak: number } {
	let rss = 0;
	let peak = 0;
	for (const p of tree(pid)) {
		const status = read(`/proc/${p}/status`) ?? "";
		rss += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
		peak += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
	}
	return { rss, peak };
}

/** The 1-minute load average, for noting how busy the machine was. */
export function loadAverage(): number {
	return Number((read("/proc/loadavg") ?? "0").split(" ")[0]);
}
