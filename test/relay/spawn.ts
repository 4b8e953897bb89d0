// Spawns the built CLI's relay on a free port and resolves once it printed where it listens.
import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

export interface Spawned {
	readonly child: ChildProcess;
	readonly port: number;
	/** Everything written so far. */
	readonly out: () => string;
	readonly err: () => string;
	/** Resolves with the exit code (or signal name). */
	readonly exited: Promise<number | string>;
}

const live = new Set<ChildProcess>();

/** Kills every relay still running (for afterEach). */
export function killAll(): void {
	for (const c of live) c.kill("SIGKILL");
	live.clear();
}

const CLI = resolve("dist/cli.js");

export function spawnCli(args: string[], env: Record<string, string> = {}, cwd?: string): Spawned & { ready: Promise<number> } {
	const child = spawn(process.execPath, [CLI, ...args], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, ...env }, ...(cwd ? { cwd } : {}) });
	live.add(child);
	let out = "";
	let err = "";
	child.stdout!.on("data", (d: Buffer) => (out += d));
	child.stderr!.on("data", (d: Buffer) => (err += d));
	const exited = new Promise<number | string>((r) =>
		child.once("exit", (code, signal) => {
			live.delete(child);
			r(code ?? signal ?? -1);
		}),
	);
	const ready = new Promise<number>((resolve, reject) => {
		const look = () => {
			const m = /serving moq-lite on [^\s]+:(\d+)/.exec(out);
			if (m) resolve(Number(m[1]));
		};
		child.stdout!.on("data", look);
		void exited.then((code) => reject(new Error(`${args[0]} exited with ${code}: ${out}${err}`)));
	});
	// Only servers print a port; for other commands nobody awaits this.
	ready.catch(() => {});
	const spawned = { child, port: 0, out: () => out, err: () => err, exited, ready };
	return spawned;
}

/** Starts `moqwire relay` (or `serve`) and waits for its port. */
export async function startRelay(args: string[] = [], env: Record<string, string> = {}, command = "relay", cwd?: string): Promise<Spawned> {
	const s = spawnCli([command, "--bind", "127.0.0.1:0", ...args], env, cwd);
	const port = await s.ready;
	return { ...s, port };
}
