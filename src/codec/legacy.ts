// moq-lite-01/02 only (moq-lite-versions §3): the draft-14 SETUP handshake, ANNOUNCE_INIT and SESSION_INFO.
import { Codec } from "../contract.js";
import { encodeWith } from "./encode.js";
import { Code } from "./kinds.js";
import type { AnnounceInit, LegacyParameter, LegacySetup, SessionInfo, Version } from "./types.js";
import { writeParameter } from "./setup.js";
import { rBytes, rF, rNum, rPath, rSkip, rU62, wF, wNum, wStr, wU62 } from "./wasm.js";

const TYPE = Codec.legacySetupType;

/** Record: message type, version count, versions, parameter count, then (id, offset, length, value) each. */
export function writeLegacySetup(m: LegacySetup): void {
	const versions = m.type === "client" ? m.versions : [m.version];
	wF(m.type === "client" ? TYPE.client : TYPE.server);
	wF(versions.length);
	for (const v of versions) wU62(v);
	wF(m.parameters.length);
	for (const { id, value } of m.parameters) writeParameter(id, value);
}

export function readLegacySetup(): LegacySetup {
	const client = rF() === TYPE.client;
	const n = rF();
	const versions = new Array<LegacyParameter["id"]>(n);
	for (let i = 0; i < n; i++) versions[i] = rU62();
	const count = rF();
	const parameters: LegacyParameter[] = [];
	for (let i = 0; i < count; i++) {
		const id = rU62();
		// Even ids hold a varint (offset/length slots unused), odd ids bytes (value slot unused).
		const even = typeof id === "number" ? id % 2 === 0 : id % 2n === 0n;
		if (even) {
			rSkip(2);
			parameters.push({ id, value: rU62() });
		} else {
			parameters.push({ id, value: rBytes() });
			rSkip(1);
		}
	}
	return client ? { type: "client", versions, parameters } : { type: "server", version: versions[0]!, parameters };
}

export function writeAnnounceInit(m: AnnounceInit): void {
	wF(m.suffixes.length);
	for (const s of m.suffixes) wStr(s);
}

export function readAnnounceInit(): AnnounceInit {
	const n = rF();
	const suffixes = new Array<string>(n);
	for (let i = 0; i < n; i++) suffixes[i] = rPath();
	return { suffixes };
}

export function writeSessionInfo(m: SessionInfo): void {
	wNum(m.bitrate);
}

export function readSessionInfo(): SessionInfo {
	return { bitrate: rNum() };
}

/** Typed with a u16 length: the `vi type, u16 len` prefix is part of the returned bytes. The handshake
 * precedes the version it negotiates, so it is encoded the same on 01 and 02. */
export function encodeLegacySetup(m: LegacySetup, version: Version): Uint8Array {
	return encodeWith(Code.legacySetup, version, writeLegacySetup, m, m.type === "client" ? "CLIENT_SETUP" : "SERVER_SETUP");
}

export function encodeAnnounceInit(m: AnnounceInit, version: Version): Uint8Array {
	return encodeWith(Code.announceInit, version, writeAnnounceInit, m, "ANNOUNCE_INIT");
}

export function encodeSessionInfo(m: SessionInfo, version: Version): Uint8Array {
	return encodeWith(Code.sessionInfo, version, writeSessionInfo, m, "SESSION_INFO");
}
