// Message framing (spec §2.2): `[vi type] vi len body`, with the body decoded inside exactly `len` bytes (the
// legacy handshake: `vi type, u16 len body`, moq-lite-versions §3.2).
// One call decodes every complete message in the input area and stops before a partial one.
import {
	decodeAnnounce,
	decodeAnnounceChange,
	decodeAnnounceOk,
	decodeAnnounceRequest,
	encodeAnnounce,
	encodeAnnounceChange,
	encodeAnnounceOk,
	encodeAnnounceRequest,
} from "./announce";
import { encodeDatagramHeader } from "./datagram";
import { decodeFetch, encodeFetch } from "./fetch";
import { encodeFrameHeader } from "./frame";
import { decodeGoaway, encodeGoaway } from "./goaway";
import { decodeGroup, encodeGroup } from "./group";
import * as K from "../contract";
import { H_AUX, H_CONSUMED, H_NEED, H_REASON, R_LONG, R_MSG_TOO_LARGE, R_TYPE, R_VERSION, SLOTS } from "../contract";
import { ensureOutput, inBase, outBase, setHeader } from "./memory";
import { decodeProbe, encodeProbe } from "./probe";
import { clearReason, fail, reason } from "./reason";
import { decodeSetup, encodeSetup } from "./setup";
import { getU62, putU62, resetSlots, rewindTo, ws } from "./slots";
import {
	decodeSubscribe,
	decodeSubscribeResponse,
	decodeSubscribeUpdate,
	encodeSubscribe,
	encodeSubscribeResponse,
	encodeSubscribeUpdate,
} from "./subscribe";
import { decodeTrack, decodeTrackInfo, encodeTrack, encodeTrackInfo } from "./track";
import { viAt, viLen, viPut, viSize } from "./varint";
import { decodeAnnounceInit, decodeLegacySetup, isLegacySetupType, decodeSessionInfo, encodeAnnounceInit, encodeLegacySetup, encodeSessionInfo } from "./legacy";
import { kindAllowed, typedOn } from "./version";
import { msgType, rend, rp, setMsgType, setWindow, setWriter, wp, writeVi } from "./wire";

function decodeBody(kind: i32, v: i32, type: u64): void {
	switch (kind) {
		case K.K_SETUP: decodeSetup(); break;
		case K.K_ANNOUNCE_REQUEST: decodeAnnounceRequest(v); break;
		case K.K_ANNOUNCE_OK: decodeAnnounceOk(); break;
		case K.K_ANNOUNCE: decodeAnnounce(v); break;
		case K.K_SUBSCRIBE: decodeSubscribe(v); break;
		case K.K_SUBSCRIBE_UPDATE: decodeSubscribeUpdate(v); break;
		case K.K_SUBSCRIBE_RESPONSE: decodeSubscribeResponse(v, type); break;
		case K.K_TRACK: decodeTrack(); break;
		case K.K_TRACK_INFO: decodeTrackInfo(v); break;
		case K.K_FETCH: decodeFetch(v); break;
		case K.K_GROUP: decodeGroup(v); break;
		case K.K_PROBE: decodeProbe(v); break;
		case K.K_GOAWAY: decodeGoaway(); break;
		case K.K_ANNOUNCE_CHANGE: decodeAnnounceChange(type); break;
		case K.K_LEGACY_SETUP: decodeLegacySetup(type); break;
		case K.K_ANNOUNCE_INIT: decodeAnnounceInit(); break;
		case K.K_SESSION_INFO: decodeSessionInfo(); break;
		default: fail(R_VERSION);
	}
}

function encodeBody(kind: i32, v: i32): void {
	switch (kind) {
		case K.K_SETUP: encodeSetup(); break;
		case K.K_ANNOUNCE_REQUEST: encodeAnnounceRequest(v); break;
		case K.K_ANNOUNCE_OK: encodeAnnounceOk(); break;
		case K.K_ANNOUNCE: encodeAnnounce(v); break;
		case K.K_SUBSCRIBE: encodeSubscribe(v); break;
		case K.K_SUBSCRIBE_UPDATE: encodeSubscribeUpdate(v); break;
		case K.K_SUBSCRIBE_RESPONSE: encodeSubscribeResponse(v); break;
		case K.K_TRACK: encodeTrack(); break;
		case K.K_TRACK_INFO: encodeTrackInfo(v); break;
		case K.K_FETCH: encodeFetch(v); break;
		case K.K_GROUP: encodeGroup(v); break;
		case K.K_PROBE: encodeProbe(v); break;
		case K.K_GOAWAY: encodeGoaway(); break;
		case K.K_ANNOUNCE_CHANGE: encodeAnnounceChange(); break;
		case K.K_LEGACY_SETUP: encodeLegacySetup(); break;
		case K.K_ANNOUNCE_INIT: encodeAnnounceInit(); break;
		case K.K_SESSION_INFO: encodeSessionInfo(); break;
		case K.K_VARINT: writeVi(getU62()); break;
		case K.K_FRAME_HEADER: encodeFrameHeader(v); break;
		case K.K_DATAGRAM_HEADER: encodeDatagramHeader(); break;
		default: fail(R_VERSION);
	}
}

/**
 * Decodes up to `max` messages of `kind` from the first `len` input bytes. Returns the count; the header
 * says how many bytes they used, the failure reason of the next message if any, and how many bytes the
 * next message needs when it is incomplete. Records of failed messages are dropped.
 */
export function decodeMessages(kind: i32, v: i32, len: i32, maxLen: f64, max: i32): i32 {
	clearReason();
	resetSlots();
	const end = inBase + <usize>len;
	let p = inBase;
	let n = 0;
	let need: usize = 0;
	if (!kindAllowed(kind, v)) fail(R_VERSION);
	const worst = K.maxSlots(kind);
	const typed = typedOn(kind, v);
	const u16 = K.hasU16Length(kind);
	while (reason == 0 && n < max && ws + worst <= SLOTS) {
		if (p >= end) {
			need = 1;
			break;
		}
		let q = p;
		let type: u64 = 0;
		if (kind == K.K_VARINT) {
			const l = viLen(load<u8>(q));
			if (q + l > end) {
				need = l;
				break;
			}
			putU62(viAt(q));
			p += l;
			n++;
			continue;
		}
		if (typed) {
			const l = viLen(load<u8>(q));
			if (q + l > end) {
				need = q - p + l;
				break;
			}
			type = viAt(q);
			q += l;
			// A first byte that is no handshake at all fails at once, not after waiting for a length it never meant.
			if (kind == K.K_LEGACY_SETUP && !isLegacySetupType(type)) {
				fail(R_TYPE);
				break;
			}
			if (q >= end) {
				need = q - p + 1;
				break;
			}
		}
		const l: usize = u16 ? 2 : viLen(load<u8>(q));
		if (q + l > end) {
			need = q - p + l;
			break;
		}
		const size: u64 = u16 ? ((<u64>load<u8>(q)) << 8) | <u64>load<u8>(q + 1) : viAt(q);
		q += l;
		// Checked before waiting for the body, so a huge claim never makes anyone buffer it.
		if (<f64>size > maxLen) {
			fail(R_MSG_TOO_LARGE);
			break;
		}
		if (<u64>(end - q) < size) {
			need = q - p + <usize>size;
			break;
		}
		const record = ws;
		setWindow(q, q + <usize>size);
		decodeBody(kind, v, type);
		if (reason == 0 && rp != rend) fail(R_LONG);
		if (reason != 0) {
			rewindTo(record);
			break;
		}
		p = q + <usize>size;
		n++;
	}
	setHeader(H_REASON, reason);
	setHeader(H_NEED, <f64>need);
	setHeader(H_CONSUMED, <f64>(p - inBase));
	return n;
}

// Room for the longest `vi type` + `vi len` written in front of the body.
const PREFIX_ROOM: usize = 16;

/**
 * Encodes the record TS wrote (`slots` slots, strings and blobs taking `strBytes` input bytes). Returns the
 * wire length (the bytes start at the pointer in H_AUX) or minus the failure reason.
 */
export function encodeMessage(kind: i32, v: i32, slots: i32, strBytes: i32): i32 {
	clearReason();
	resetSlots();
	if (!kindAllowed(kind, v)) return -R_VERSION;
	// Every slot yields at most one 8-byte varint plus a length byte; strings are copied once.
	ensureOutput(PREFIX_ROOM + <usize>strBytes + (<usize>slots << 4));
	const body = outBase + PREFIX_ROOM;
	setWriter(body);
	setMsgType(-1);
	encodeBody(kind, v);
	if (reason != 0) return -reason;
	let start = body;
	if (!K.isRaw(kind)) {
		const size = <u64>(wp - body);
		if (K.hasU16Length(kind)) {
			if (size > 0xffff) return -R_MSG_TOO_LARGE;
			start -= 2;
			store<u8>(start, <u8>(size >> 8));
			store<u8>(start + 1, <u8>size);
		} else {
			start -= viSize(size);
			viPut(start, size);
		}
		if (msgType >= 0) {
			start -= viSize(msgType);
			viPut(start, msgType);
		}
	}
	setHeader(H_AUX, <f64>start);
	return <i32>(wp - start);
}
