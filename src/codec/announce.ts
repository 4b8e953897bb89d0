// ANNOUNCE_REQUEST, ANNOUNCE_OK and ANNOUNCE (spec §3.3).
import { encodeWith } from "./encode.js";
import { Code } from "./kinds.js";
import type { Announce, AnnounceOk, AnnounceRequest, AnnounceStatus, Version } from "./types.js";
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
