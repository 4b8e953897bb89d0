// Record readers per message kind, for the decoder's mapped `message(kind)` API.
import { readAnnounce, readAnnounceChange, readAnnounceOk, readAnnounceRequest } from "./announce.js";
import { readFetch } from "./fetch.js";
import { readGroupHeader } from "./group.js";
import type { AnyMessageKind, AnyMessageMap } from "./kinds.js";
import { readAnnounceInit, readLegacySetup, readSessionInfo } from "./legacy.js";
import { readGoaway, readProbe } from "./probe.js";
import { readSetup } from "./setup.js";
import { readSubscribe, readSubscribeResponse, readSubscribeUpdate } from "./subscribe.js";
import { readTrackInfo, readTrackRequest } from "./track.js";
import type { Cursor } from "./wasm.js";

export const READERS: { readonly [K in AnyMessageKind]: (c: Cursor) => AnyMessageMap[K] } = {
	setup: readSetup,
	announceRequest: readAnnounceRequest,
	announceOk: readAnnounceOk,
	announce: readAnnounce,
	subscribe: readSubscribe,
	subscribeUpdate: readSubscribeUpdate,
	subscribeResponse: readSubscribeResponse,
	track: readTrackRequest,
	trackInfo: readTrackInfo,
	fetch: readFetch,
	group: readGroupHeader,
	probe: readProbe,
	goaway: readGoaway,
	announceChange: readAnnounceChange,
	legacySetup: readLegacySetup,
	announceInit: readAnnounceInit,
	sessionInfo: readSessionInfo,
};
