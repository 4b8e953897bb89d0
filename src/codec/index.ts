// The wire codec: plain TS messages (types.ts) in, exact moq-lite bytes out, and an incremental decoder.
export * from "./types.js";
export { encodeVarint } from "./varint.js";
export { encodeSetup } from "./setup.js";
export { encodeAnnounce, encodeAnnounceChange, encodeAnnounceOk, encodeAnnounceRequest } from "./announce.js";
export { encodeSubscribe, encodeSubscribeResponse, encodeSubscribeUpdate } from "./subscribe.js";
export { encodeTrackInfo, encodeTrackRequest } from "./track.js";
export { encodeFetch } from "./fetch.js";
export { encodeGroupHeader } from "./group.js";
export { encodeGoaway, encodeProbe } from "./probe.js";
export { decodeDatagram, encodeDatagram } from "./datagram.js";
export { FrameEncoder } from "./frame-encoder.js";
export { Decoder, type DecoderOptions } from "./decoder.js";
export { encodeAnnounceInit, encodeLegacySetup, encodeSessionInfo } from "./legacy.js";
export {
	type AnyMessageKind,
	type AnyMessageMap,
	Kind,
	type LegacyMessageKind,
	type LegacyMessageMap,
	type MessageKind,
	type MessageMap,
} from "./kinds.js";
export { MAX_FRAME } from "./errors.js";
