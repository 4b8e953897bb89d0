// moq-lite-01/02 only (moq-lite-versions §3): the draft-14 SETUP handshake, ANNOUNCE_INIT and SESSION_INFO.
import { Codec } from "../contract.js";
import { encodeWith } from "./encode.js";
import { Code } from "./kinds.js";
import type { AnnounceInit, LegacyParameter, LegacySetup, SessionInfo, Version } from "./types.js";
import { writeParameter } from "./setup.js";
import type { Cursor } from "./wasm.js";
import type { Engine } from "../wasm/engine.js";

const TYPE = Codec.legacySetupType;

/** Record: message type, version count, versions, parameter count, then (id, offset, length, value) each. */
export function writeLegacySetup(c: Cursor, m: LegacySetup): void {
	const versions = m.type === "client" ? m.versions : [m.version];
	c.wF(m.type === "client" ? TYPE.client : TYPE.server);
	c.wF(versions.length);
	for (const v of versions) c.wU62(v);
	c.wF(m.parameters.length);
	for (const { id, value } of m.parameters) writeParameter(c, id, value);
}

export function readLegacySetup(c: Cursor): LegacySetup {
	const client = c.rF() === TYPE.client;
	const n = c.rF();
	const versions = new Array<LegacyParameter["id"]>(n);
	for (let i = 0; i < n; i++) versions[i] = c.rU62();
	const count = c.rF();
	const parameters: LegacyParameter[] = [];
	for (let i = 0; i < count; i++) {
		const id = c.rU62();
		// Even ids hold a varint (offset/length slots unused), odd ids bytes (value slot unused).
		const even = typeof id === "number" ? id % 2 === 0 : id % 2n === 0n;
		if (even) {
			c.rSkip(2);
			parameters.push({ id, value: c.rU62() });
		} else {
			parameters.push({ id, value: c.rBytes() });
			c.rSkip(1);
		}
	}
	return client ? { type: "client", versions, parameters } : { type: "server", version: versions[0]!, parameters };
}

export function writeAnnounceInit(c: Cursor, m: AnnounceInit): void {
	c.wF(m.suffixes.length);
	for (const s of m.suffixes) c.wStr(s);
}

export function readAnnounceInit(c: Cursor): AnnounceInit {
	const n = c.rF();
	const suffixes = new Array<string>(n);
	for (let i = 0; i < n; i++) suffixes[i] = c.rPath();
	return { suffixes };
}

export function writeSessionInfo(c: Cursor, m: SessionInfo): void {
	c.wNum(m.bitrate);
}

export function readSessionInfo(c: Cursor): SessionInfo {
	return { bitrate: c.rNum() };
}

/** Typed with a u16 length: the `vi type, u16 len` prefix is part of the returned bytes. The handshake
 * precedes the version it negotiates, so it is encoded the same on 01 and 02. */
export function encodeLegacySetup(m: LegacySetup, version: Version, engine?: Engine): Uint8Array {
	return encodeWith(Code.legacySetup, version, writeLegacySetup, m, m.type === "client" ? "CLIENT_SETUP" : "SERVER_SETUP", engine);
}

export function encodeAnnounceInit(m: AnnounceInit, version: Version, engine?: Engine): Uint8Array {
	return encodeWith(Code.announceInit, version, writeAnnounceInit, m, "ANNOUNCE_INIT", engine);
}

export function encodeSessionInfo(m: SessionInfo, version: Version, engine?: Engine): Uint8Array {
	return encodeWith(Code.sessionInfo, version, writeSessionInfo, m, "SESSION_INFO", engine);
}
