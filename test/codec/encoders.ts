// Every message encoder by kind, so tests can be table-driven.
import * as C from "../../src/codec/index.js";
import type { AnyMessageKind, AnyMessageMap, Version } from "../../src/codec/index.js";
import type { Engine } from "../../src/wasm/engine.js";

export const ENCODERS: { [K in AnyMessageKind]: (m: AnyMessageMap[K], v: Version, engine?: Engine) => Uint8Array } = {
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
	legacySetup: C.encodeLegacySetup,
	announceInit: C.encodeAnnounceInit,
	sessionInfo: C.encodeSessionInfo,
};

/** Encoded on `engine` (default: the process's default engine). */
export function encodeMessage<K extends AnyMessageKind>(kind: K, msg: AnyMessageMap[K], v: Version, engine?: Engine): Uint8Array {
	return ENCODERS[kind](msg, v, engine);
}
