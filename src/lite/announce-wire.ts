// The announce stream's messages per version, behind one shape: a route that is active (with its hop chain) or
// ended. 03-05 send the status-byte ANNOUNCE; 06 sends START/UPDATE/END with implicit ids and route costs
// (moq-lite-versions §2.3), whose id bookkeeping and violations live here.
import { AnnounceStatus, encodeAnnounce, encodeAnnounceChange, type U62, type Version } from "../codec/index.js";
import { ProtocolViolationError } from "../error.js";
import type { Engine } from "../wasm/engine.js";
import type { Reader } from "./stream.js";
import { hasAnnounceId } from "./version.js";

/** Cold cost as the newest code writes it (the draft's seeding is read but not ranked on). */
const NO_COLD_COST = (1n << 62n) - 1n;

/** One route change as read off the wire. `update`: a 06 UPDATE of a live route (a new chain, same broadcast). */
export interface RouteChange {
	suffix: string;
	active: boolean;
	hops: U62[];
	update?: boolean;
}

/** Writes our routes to one subscriber: only what it was told of is withdrawn, and 06 ids count every START. */
export class AnnounceEncoder {
	readonly #v: Version;
	readonly #engine: Engine | undefined;
	/** Advertised suffixes, with their 06 id. */
	readonly #ids = new Map<string, number>();
	#next = 0;

	constructor(v: Version, engine?: Engine) {
		this.#v = v;
		this.#engine = engine;
	}

	active(suffix: string, hops: U62[]): Uint8Array {
		if (!hasAnnounceId(this.#v)) {
			this.#ids.set(suffix, 0);
			return encodeAnnounce({ status: AnnounceStatus.Active, suffix, hops }, this.#v, this.#engine);
		}
		// Each hop of the chain is one link at the default cost of 1.
		const route = { hops, warmCost: hops.length, coldCost: NO_COLD_COST };
		const id = this.#ids.get(suffix);
		if (id !== undefined) return encodeAnnounceChange({ type: "update", id, ...route }, this.#v, this.#engine);
		this.#ids.set(suffix, this.#next++);
		return encodeAnnounceChange({ type: "start", suffix, ...route }, this.#v, this.#engine);
	}

	/** Undefined when the subscriber never heard of `suffix`. */
	ended(suffix: string): Uint8Array | undefined {
		const id = this.#ids.get(suffix);
		if (id === undefined) return undefined;
		this.#ids.delete(suffix);
		if (!hasAnnounceId(this.#v)) {
			return encodeAnnounce({ status: AnnounceStatus.Ended, suffix, hops: [] }, this.#v, this.#engine);
		}
		return encodeAnnounceChange({ type: "end", id }, this.#v, this.#engine);
	}
}

/** Reads a publisher's route changes; a bad 06 id, a duplicate START or a repeated hop is a ProtocolViolationError. */
export class AnnounceDecoder {
	readonly #v: Version;
	/** 06: live ids and the suffix each names; every START read takes the next id. */
	readonly #routes = new Map<string, string>();
	readonly #live = new Set<string>();
	#next = 0;

	constructor(v: Version) {
		this.#v = v;
	}

	/** The next change, undefined at FIN. */
	async next(r: Reader): Promise<RouteChange | undefined> {
		if (!hasAnnounceId(this.#v)) {
			const m = await r.maybeMessage("announce", this.#v);
			return m && { suffix: m.suffix, active: m.status !== AnnounceStatus.Ended, hops: checkHops(m.hops) };
		}
		for (;;) {
			const m = await r.maybeMessage("announceChange", this.#v);
			if (!m) return undefined;
			switch (m.type) {
				case "start": {
					const id = String(this.#next++);
					if (this.#live.has(m.suffix)) throw new ProtocolViolationError(`ANNOUNCE_START for ${JSON.stringify(m.suffix)}, already live`);
					this.#routes.set(id, m.suffix);
					this.#live.add(m.suffix);
					return { suffix: m.suffix, active: true, hops: checkHops(m.hops) };
				}
				case "update":
					return { suffix: this.#route(m.id), active: true, hops: checkHops(m.hops), update: true };
				case "end": {
					const suffix = this.#route(m.id);
					this.#routes.delete(String(m.id));
					this.#live.delete(suffix);
					return { suffix, active: false, hops: [] };
				}
				default:
					// A later version's message (07 RESTART): skipped, no id taken.
					continue;
			}
		}
	}

	#route(id: U62): string {
		const suffix = this.#routes.get(String(id));
		if (suffix === undefined) throw new ProtocolViolationError(`announce id ${id} was never assigned or is retired`);
		return suffix;
	}
}

/** A non-zero hop id twice in one chain is a loop the sender should never have forwarded (0 = unknown hop). */
function checkHops(hops: U62[]): U62[] {
	const seen = new Set<string>();
	for (const hop of hops) {
		if (hop === 0 || hop === 0n) continue;
		const key = String(hop);
		if (seen.has(key)) throw new ProtocolViolationError(`hop ${key} appears twice in an announce chain`);
		seen.add(key);
	}
	return hops;
}
