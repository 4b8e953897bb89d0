// ANNOUNCE_REQUEST, ANNOUNCE_OK, ANNOUNCE (spec §3.3) and 06's ANNOUNCE_START/END/UPDATE (moq-lite-versions §2.3).
import { Codec } from "../contract.js";
import { EncodeError } from "../error.js";
import { encodeWith } from "./encode.js";
import { Code } from "./kinds.js";
import type { Announce, AnnounceChange, AnnounceOk, AnnounceRequest, AnnounceStatus, U62, Version } from "./types.js";
import type { Cursor } from "./wasm.js";
import type { Engine } from "../wasm/engine.js";

export function writeAnnounceRequest(c: Cursor, m: AnnounceRequest): void {
	c.wStr(m.prefix);
	c.wU62(m.excludeHop);
}

/** `excludeHop` is 0 on versions without it (03). */
export function readAnnounceRequest(c: Cursor): AnnounceRequest {
	return { prefix: c.rPath(), excludeHop: c.rU62() };
}

export function writeAnnounceOk(c: Cursor, m: AnnounceOk): void {
	c.wU62(m.origin);
	c.wNum(m.activeCount);
}

export function readAnnounceOk(c: Cursor): AnnounceOk {
	return { origin: c.rU62(), activeCount: c.rNum() };
}

/** Hops: a count on 03 (values ignored), ids on 04/05. */
export function writeAnnounce(c: Cursor, m: Announce): void {
	c.wU8(m.status);
	c.wStr(m.suffix);
	c.wF(m.hops.length);
	for (const hop of m.hops) c.wU62(hop);
}

export function readAnnounce(c: Cursor): Announce {
	const status = c.rF() as AnnounceStatus;
	const suffix = c.rPath();
	const n = c.rF();
	const hops = new Array<number | bigint>(n);
	for (let i = 0; i < n; i++) hops[i] = c.rU62();
	return { status, suffix, hops };
}

export function encodeAnnounceRequest(m: AnnounceRequest, version: Version, engine?: Engine): Uint8Array {
	return encodeWith(Code.announceRequest, version, writeAnnounceRequest, m, "ANNOUNCE_REQUEST", engine);
}

export function encodeAnnounceOk(m: AnnounceOk, version: Version, engine?: Engine): Uint8Array {
	return encodeWith(Code.announceOk, version, writeAnnounceOk, m, "ANNOUNCE_OK", engine);
}

export function encodeAnnounce(m: Announce, version: Version, engine?: Engine): Uint8Array {
	return encodeWith(Code.announce, version, writeAnnounce, m, "ANNOUNCE", engine);
}

const ATAG = Codec.announceTag;

/** Record: tag, START suffix or END/UPDATE id, then hop count, hops, warm and cold cost (START, UPDATE). */
export function writeAnnounceChange(c: Cursor, m: AnnounceChange): void {
	switch (m.type) {
		case "start":
			c.wF(ATAG.start);
			c.wStr(m.suffix);
			break;
		case "end":
			c.wF(ATAG.end);
			return c.wU62(m.id);
		case "update":
			c.wF(ATAG.update);
			c.wU62(m.id);
			break;
		default:
			throw new EncodeError(`ANNOUNCE of type ${String(m.type)} is never sent`);
	}
	c.wF(m.hops.length);
	for (const hop of m.hops) c.wU62(hop);
	c.wU62(m.warmCost);
	c.wU62(m.coldCost);
}

function readRoute(c: Cursor): { hops: U62[]; warmCost: U62; coldCost: U62 } {
	const n = c.rF();
	const hops = new Array<U62>(n);
	for (let i = 0; i < n; i++) hops[i] = c.rU62();
	return { hops, warmCost: c.rU62(), coldCost: c.rU62() };
}

export function readAnnounceChange(c: Cursor): AnnounceChange {
	switch (c.rF()) {
		case ATAG.start: {
			const suffix = c.rPath();
			return { type: "start", suffix, ...readRoute(c) };
		}
		case ATAG.end:
			return { type: "end", id: c.rU62() };
		case ATAG.update: {
			const id = c.rU62();
			return { type: "update", id, ...readRoute(c) };
		}
		default:
			return { type: "unknown", wireType: c.rU62() };
	}
}

/** Typed: the `vi type` prefix is part of the returned bytes. */
export function encodeAnnounceChange(m: AnnounceChange, version: Version, engine?: Engine): Uint8Array {
	return encodeWith(Code.announceChange, version, writeAnnounceChange, m, `ANNOUNCE_${m.type.toUpperCase()}`, engine);
}
