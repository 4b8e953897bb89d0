// ANNOUNCE_REQUEST, ANNOUNCE_OK, ANNOUNCE (spec §3.3) and 06's ANNOUNCE_START/END/UPDATE (moq-lite-versions §2.3).
import { Codec } from "../contract.js";
import { EncodeError } from "../error.js";
import { encodeWith } from "./encode.js";
import { Code } from "./kinds.js";
import type { Announce, AnnounceChange, AnnounceOk, AnnounceRequest, AnnounceStatus, U62, Version } from "./types.js";
import { rF, rNum, rPath, rU62, wF, wNum, wStr, wU62, wU8 } from "./wasm.js";

export function writeAnnounceRequest(m: AnnounceRequest): void {
	wStr(m.prefix);
	wU62(m.excludeHop);
}

/** `excludeHop` is 0 on versions without it (03). */
export function readAnnounceRequest(): AnnounceRequest {
	return { prefix: rPath(), excludeHop: rU62() };
}

export function writeAnnounceOk(m: AnnounceOk): void {
	wU62(m.origin);
	wNum(m.activeCount);
}

export function readAnnounceOk(): AnnounceOk {
	return { origin: rU62(), activeCount: rNum() };
}

/** Hops: a count on 03 (values ignored), ids on 04/05. */
export function writeAnnounce(m: Announce): void {
	wU8(m.status);
	wStr(m.suffix);
	wF(m.hops.length);
	for (const hop of m.hops) wU62(hop);
}

export function readAnnounce(): Announce {
	const status = rF() as AnnounceStatus;
	const suffix = rPath();
	const n = rF();
	const hops = new Array<number | bigint>(n);
	for (let i = 0; i < n; i++) hops[i] = rU62();
	return { status, suffix, hops };
}

export function encodeAnnounceRequest(m: AnnounceRequest, version: Version): Uint8Array {
	return encodeWith(Code.announceRequest, version, writeAnnounceRequest, m, "ANNOUNCE_REQUEST");
}

export function encodeAnnounceOk(m: AnnounceOk, version: Version): Uint8Array {
	return encodeWith(Code.announceOk, version, writeAnnounceOk, m, "ANNOUNCE_OK");
}

export function encodeAnnounce(m: Announce, version: Version): Uint8Array {
	return encodeWith(Code.announce, version, writeAnnounce, m, "ANNOUNCE");
}

const ATAG = Codec.announceTag;

/** Record: tag, START suffix or END/UPDATE id, then hop count, hops, warm and cold cost (START, UPDATE). */
export function writeAnnounceChange(m: AnnounceChange): void {
	switch (m.type) {
		case "start":
			wF(ATAG.start);
			wStr(m.suffix);
			break;
		case "end":
			wF(ATAG.end);
			return wU62(m.id);
		case "update":
			wF(ATAG.update);
			wU62(m.id);
			break;
		default:
			throw new EncodeError(`ANNOUNCE of type ${String(m.type)} is never sent`);
	}
	wF(m.hops.length);
	for (const hop of m.hops) wU62(hop);
	wU62(m.warmCost);
	wU62(m.coldCost);
}

function readRoute(): { hops: U62[]; warmCost: U62; coldCost: U62 } {
	const n = rF();
	const hops = new Array<U62>(n);
	for (let i = 0; i < n; i++) hops[i] = rU62();
	return { hops, warmCost: rU62(), coldCost: rU62() };
}

export function readAnnounceChange(): AnnounceChange {
	switch (rF()) {
		case ATAG.start: {
			const suffix = rPath();
			return { type: "start", suffix, ...readRoute() };
		}
		case ATAG.end:
			return { type: "end", id: rU62() };
		case ATAG.update: {
			const id = rU62();
			return { type: "update", id, ...readRoute() };
		}
		default:
			return { type: "unknown", wireType: rU62() };
	}
}

/** Typed: the `vi type` prefix is part of the returned bytes. */
export function encodeAnnounceChange(m: AnnounceChange, version: Version): Uint8Array {
	return encodeWith(Code.announceChange, version, writeAnnounceChange, m, `ANNOUNCE_${m.type.toUpperCase()}`);
}
