// Every message encoder by kind, so tests can be table-driven.
import * as C from "../../src/codec/index.js";
import type { MessageKind, MessageMap, Version } from "../../src/codec/index.js";

export const ENCODERS: { [K in MessageKind]: (m: MessageMap[K], v: Version) => Uint8Array } = {
	setup: C.encodeSetup,
	announceRequest: C.encodeAnnounceRequest,
	announceOk: C.encodeAnnounceOk,
	announce: C.encodeAnnounce,
	subscribe: C.encodeSubscribe,
	subscribeUpdate: C.encodeSubscribeUpdate,
	subscribeResponse: C.encodeSubscribeResponse,
	track: C.encodeTrackRequest,
	trackInfo: C.encodeTrackInfo,
	fetch: C.encodeFetch,
	group: C.encodeGroupHeader,
	probe: C.encodeProbe,
	goaway: C.encodeGoaway,
	announceChange: C.encodeAnnounceChange,
};

export function encodeMessage<K extends MessageKind>(kind: K, msg: MessageMap[K], v: Version): Uint8Array {
	return ENCODERS[kind](msg, v);
}
