// THE contract between the AssemblyScript core (assembly/) and the TypeScript library (src/): every number
// both sides must agree on is written here once. `node contract/generate.mjs` (run by `npm run build`, `npm run
// asbuild` and `npm run bench`) writes assembly/contract.ts and src/contract.ts from it; `npm test` first checks
// that the checked-in files are current (`node contract/generate.mjs --check`), so CI refuses a stale copy.
// Never edit the generated files by hand.
//
// How to add something (a one-place edit here, then `npm run contract` and commit the two generated files):
// - a message kind: append an entry to `kinds` (name = the TS `Code` key, wire = the name errors use; `typed`
//   when a `vi type` precedes the length, `u16` when the length is a big-endian u16 (draft-14 framing), `raw` when it is not wrapped in `vi len`, `maxSlots` when one record
//   can take more than 16 table slots). Numbers are positions: append framed kinds before the first raw one
//   (the raw kinds are numbered from `raw`), then give it a decode/encode case in assembly/codec/framing.ts,
//   a reader in src/codec/readers.ts and a type in src/codec/kinds.ts `MessageMap`.
// - a codec failure reason: append to `reasons` (its number is its position + 1; `error` is the class in
//   src/error.ts that TS throws, `text` the message, with {what} for the message name and {detail} for the
//   value the core reported).
// - a wire error code: add it to `errorCodes` or `sessionCodes` (TS only: the core never sees wire codes, it reports results).
// - a state result, event or out-area slot: add it to `results`, `events` or `out`.
// Every change alters the ABI fingerprint both sides are stamped with; the loader refuses a WASM module
// built from a different contract (src/wasm/core.ts).

/** Most suffixes one ANNOUNCE_INIT carries (01/02; a larger current set is refused, not split). */
const maxAnnounceInit = 1024;

/** Message kinds of the codec, in number order. */
export const kinds = [
	{ name: "setup", wire: "SETUP", maxSlots: 1 + 64 * 4 },
	{ name: "announceRequest", wire: "ANNOUNCE_REQUEST" },
	{ name: "announceOk", wire: "ANNOUNCE_OK" },
	{ name: "announce", wire: "ANNOUNCE", maxSlots: 4 + 32 },
	{ name: "subscribe", wire: "SUBSCRIBE" },
	{ name: "subscribeUpdate", wire: "SUBSCRIBE_UPDATE" },
	{ name: "subscribeResponse", wire: "SUBSCRIBE response", typed: true },
	{ name: "track", wire: "TRACK" },
	{ name: "trackInfo", wire: "TRACK_INFO" },
	{ name: "fetch", wire: "FETCH" },
	{ name: "group", wire: "GROUP" },
	{ name: "probe", wire: "PROBE" },
	{ name: "goaway", wire: "GOAWAY" },
	// 06+: ANNOUNCE_START / END / UPDATE on the announce stream (unknown types are skipped, not refused).
	{ name: "announceChange", wire: "ANNOUNCE_START/END/UPDATE", typed: true, maxSlots: 5 + 32 + 2 },
	// 01/02 (moq-lite-versions §3): the draft-14 CLIENT_SETUP (0x20) / SERVER_SETUP (0x21), framed `vi type, u16 len`.
	{ name: "legacySetup", wire: "CLIENT_SETUP/SERVER_SETUP", typed: true, u16: true, maxSlots: 3 + 64 + 64 * 4 },
	// 01/02: the first reply on an announce stream, the current set as suffixes.
	{ name: "announceInit", wire: "ANNOUNCE_INIT", maxSlots: 1 + 2 * maxAnnounceInit },
	// 01/02: the session stream's bitrate report.
	{ name: "sessionInfo", wire: "SESSION_INFO" },
	// Raw kinds: not wrapped in MSG{}.
	{ name: "varint", wire: "varint", raw: true },
	{ name: "frameHeader", wire: "FRAME", raw: true },
	{ name: "datagramHeader", wire: "datagram", raw: true },
];

/** Slots a record may take unless its kind says otherwise. */
export const defaultMaxSlots = 16;

/** Why the codec refused a message (the core reports the number; TS throws `error` with `text`). */
export const reasons = [
	{ name: "SHORT", error: "DecodeError", text: "{what}: message ended inside a field" },
	{ name: "LONG", error: "DecodeError", text: "{what}: trailing bytes inside the message" },
	{ name: "BOOL", error: "DecodeError", text: "{what}: bool8 must be 0 or 1" },
	{ name: "TIMESCALE", error: "DecodeError", text: "{what}: timescale must not be 0" },
	{ name: "PATH_PARTS", error: "BoundsExceededError", text: "{what}: path exceeds 32 parts" },
	{ name: "HOPS", error: "BoundsExceededError", text: "{what}: more than 32 hops" },
	{ name: "PARAMS", error: "TooManyParametersError", text: "{what}: more than 64 parameters" },
	{ name: "DUP_PARAM", error: "DecodeError", text: "{what}: duplicate parameter id" },
	{ name: "MSG_TOO_LARGE", error: "BoundsExceededError", text: "{what}: message length exceeds the cap" },
	{ name: "FRAME_TOO_LARGE", error: "FrameTooLargeError", text: "" },
	{ name: "TYPE", error: "DecodeError", text: "{what}: unknown message type" },
	{ name: "STATUS", error: "DecodeError", text: "{what}: unknown announce status" },
	{ name: "TIMESTAMP", error: "BoundsExceededError", text: "{what}: timestamp beyond 2^53-1" },
	{ name: "PARAM_VARINT", error: "DecodeError", text: "{what}: a varint parameter must hold exactly one varint" },
	{ name: "VERSION", error: "VersionError", text: "{what} is not part of this moq-lite version" },
	{ name: "ENC_STATUS", error: "EncodeError", text: "{what}: status restart is never encoded" },
	{ name: "ENC_DUP_PARAM", error: "EncodeError", text: "{what}: duplicate parameter id" },
	{ name: "ENC_TIMESCALE", error: "EncodeError", text: "{what}: timescale must not be 0" },
	{ name: "VARINT", error: "BoundsExceededError", text: "{what}: value above 2^62-1" },
	{ name: "ENC_NO_TIMESTAMP", error: "EncodeError", text: "{what}: moq-lite-05 frames need a timestamp" },
	{ name: "FRAME_BOUND", error: "ProtocolViolationError", text: "{what}: a frame bound without its group bound" },
	{ name: "FRAME_RANGE", error: "ProtocolViolationError", text: "{what}: frame_end below frame_start" },
	{ name: "GOAWAY_URI", error: "ProtocolViolationError", text: "{what}: URI above 8192 bytes" },
	{ name: "ENC_FRAME_BOUND", error: "EncodeError", text: "{what}: a frame bound needs its group bound (and frames exist on moq-lite-06+ only)" },
	{ name: "VERSIONS", error: "BoundsExceededError", text: "{what}: more than 64 versions" },
	{ name: "INIT_PATHS", error: "BoundsExceededError", text: "{what}: more than 1024 suffixes" },
];

/** Stream reset / STOP_SENDING codes (moq-lite-versions §2.10, D06 Table 3), sent on every lite version. */
export const errorCodes = {
	Internal: 0x0,
	Cancel: 0x1,
	DeliveryTimeout: 0x2,
	SessionClosed: 0x3,
	GoingAway: 0x4,
	TooFarBehind: 0x5,
	MalformedTrack: 0x12,
	NoCapacity: 0x30,
	ControlTimeout: 0x31,
	GroupTooLarge: 0x32,
	NotFound: 0x33,
	Old: 0x34,
	Evicted: 0x35,
	Unroutable: 0x36,
	WrongSize: 0x37,
	FrameTooLarge: 0x38,
	TimestampMismatch: 0x39,
};

/** Session close codes (moq-lite-versions §2.10, D06 Table 2). */
export const sessionCodes = {
	NoError: 0x0,
	Internal: 0x1,
	Unauthorized: 0x2,
	ProtocolViolation: 0x3,
	KeyValueFormatting: 0x6,
	TooManyRequests: 0x7,
	GoawayTimeout: 0x10,
	ControlMessageTimeout: 0x11,
	VersionNegotiationFailed: 0x15,
};

/** The codec's shared buffers: a table of f64 slots (with a u64 twin) whose first slots are the header. */
export const codec = {
	slots: 4096,
	/** Header slot indices: results of the last codec call. */
	header: {
		reason: 0,
		/** Bytes the next message needs from the consumed position (0 = call again). */
		need: 1,
		consumed: 2,
		/** Encode: output pointer; frame scan: the tail state. */
		aux: 3,
	},
	/** First slot of the records. */
	first: 4,
	/** A slot holding this value means: the exact value (above 2^53-1) is in the u64 twin at the same index. */
	big: -1,
	/** Where a frame scan stopped (header.aux after decodeFrames). */
	tail: {
		boundary: 0,
		/** Exactly one whole timestamp varint: a FIN here is tolerated, as Rust does. */
		timestamp: 1,
		partial: 2,
		/** The last reported payload continues past the window. */
		beyond: 3,
	},
	/** SUBSCRIBE responses carry this tag first, independent of the version's wire types. */
	subscribeTag: { ok: 0, start: 1, end: 2, drop: 3 },
	/** 06 announce-stream records carry this tag first; `unknown` = a type this version does not define (skipped). */
	announceTag: { start: 0, end: 1, update: 2, unknown: 3 },
	/** Legacy handshake records carry their draft-14 message type first. */
	legacySetupType: { client: 0x20, server: 0x21 },
	/** A slot holding NaN means: absent (an `opt` field, or a field this version lacks). */
	absent: Number.NaN,
};

/** Shared limits (bytes / counts). */
export const limits = {
	/** Frames above this size are refused (spec §5.5). */
	maxFrameBytes: 32 * 1024 * 1024,
	/** A group retains at most this many bytes of frames; older frames are dropped from the front. */
	maxGroupBytes: 32 * 1024 * 1024,
	/** A group retains at most this many frames. */
	maxGroupFrames: 1024,
	/** GOAWAY URIs above this many bytes are a protocol violation (moq-lite-versions §2.9). */
	maxGoawayUri: 8192,
	maxAnnounceInit,
};

/**
 * What a state call returns. Calls returning a handle (slot, attempt, row) return it (>= 0) or one of the
 * negative failures; calls with several outcomes return an outcome (>= 0) and put the handle in out.handle.
 */
export const results = {
	ok: 0,
	/** The group now exceeds its retention limits: drop front frames (groupWrite, groupDrop). */
	overLimit: 1,
	/** trackFetch outcomes. */
	fetchHit: 2,
	fetchJoined: 3,
	fetchQueued: 4,
	/** Failures. */
	aborted: -1,
	duplicate: -2,
	notFound: -3,
	atOrBelowLiveEdge: -4,
	closed: -5,
	frameTooLarge: -6,
	/** trackRequested: nothing queued. */
	none: -7,
	/** A fetch attempt whose track was released. */
	dropped: -8,
};

/**
 * Side effects of a state call, queued as (kind, a, b) triples. For the four events of a group leaving the
 * cache, `b` is 1 when the group had finished: its slot is gone, so JS keeps that answer from here on.
 */
export const events = {
	/** Group `a` idled past the track's latencyMax. */
	old: 1,
	/** Group `a` was evicted by the origin byte budget. */
	evicted: 2,
	/** Group `a` was removed because its track aborted (JS applies the track's error). */
	cleared: 3,
	/** Group `a` was released with its track (the track's last handle was collected). */
	freed: 4,
	/** Fetch attempt `a` resolved: group slot `b` now holds its sequence. */
	filled: 5,
	/** Fetch attempt `a` failed with result `b`: notFound, dropped, or aborted (the track's own error). */
	failed: 6,
	/** Listing result: live group slot `a` (answer to trackList). */
	listed: 7,
};

/** The f64 out area: secondary results of the last state call. */
export const out = {
	/** The sequence a call created, declared or handed out. */
	sequence: 0,
	/** 1 when the call completed the track (live edge reached final). */
	complete: 1,
	/** The handle of a call whose return value is an outcome (trackFetch). */
	handle: 2,
	/** Subscription aggregate, written by every call that changes it. */
	subscribers: 3,
	priority: 4,
	ordered: 5,
	latencyMax: 6,
	/** Lowest start group, -1 for none. */
	start: 7,
	/** Highest end group, -1 for unbounded. */
	end: 8,
	/** Slots in the area. */
	size: 9,
};
