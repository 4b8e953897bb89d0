// The frame every attack test runs in: a spawned relay, a victim connected throughout, RSS watched.
import { expect } from "vitest";
import { freshProbe, type Relay, rssBelow, sampleRss, startRelay, VICTIM_BOUND_MS, Victim } from "./rig.js";

export const MIB = 1 << 20;
/** After an attack, RSS must come back within this of the idle RSS measured before it. */
const RETURN_SLACK = 64 * MIB;

/** One line per attack run, printed by the suite at its end (`printReport`). */
const report: string[] = [];
export function printReport(): void {
	console.log(`attack suite (RSS in MiB; victim probe = discover + subscribe + first frame, ms):\n${report.splice(0).join("\n")}`);
}

export interface Scene {
	relay: Relay;
	victim: Victim;
	idle: number;
	/** The victim (connected since before the attack) probes now; recorded. */
	probe(): Promise<void>;
}

/**
 * Starts the relay with `flags`, connects the victim, runs `attack`, then checks the relay lives, a fresh victim
 * gets through, RSS stayed under idle + `bound` and returns to idle + RETURN_SLACK.
 */
export async function underAttack(name: string, flags: string[], bound: number, attack: (scene: Scene) => Promise<void>): Promise<void> {
	const relay = await startRelay(flags);
	const victim = await Victim.connect(relay);
	const times: number[] = [];
	try {
		times.push(await victim.probe());
		const idle = relay.rss();
		const rss = sampleRss(relay);
		const probe = async () => {
			const ms = await victim.probe();
			expect(ms).toBeLessThan(VICTIM_BOUND_MS);
			times.push(ms);
		};
		try {
			await attack({ relay, victim, idle, probe });
		} finally {
			rss.stop();
		}
		expect(relay.alive()).toBe(true);
		const after = await freshProbe(relay);
		expect(after).toBeLessThan(VICTIM_BOUND_MS);
		await probe();
		expect(rss.peak - idle).toBeLessThan(bound);
		const back = await rssBelow(relay, idle + RETURN_SLACK);
		const mb = (b: number) => (b / MIB).toFixed(0);
		report.push(
			`  ${name}: idle ${mb(idle)}, peak ${mb(rss.peak)} (bound +${mb(bound)}), after ${mb(back)}; victim ${times.map((t) => t.toFixed(0)).join("/")}, fresh ${after.toFixed(0)}`,
		);
	} finally {
		victim.close();
		await relay.stop();
	}
}

