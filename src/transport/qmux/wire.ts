// The wire formats one WebSocket subprotocol selects: "qmux-00.<alpn>" (draft-00: one frame per message),
// "qmux-01.<alpn>" / "qmux-02.<alpn>" (records: one message is one QMux Record of whole frames), and no
// subprotocol at all: the legacy WebTransport-over-WebSocket binding (one frame per message, no flow control).
import { alpnOf } from "../websocket/subprotocol.js";

export type WireFormat = "qmux-00" | "qmux-01" | "qmux-02" | "webtransport";

export interface Wire {
	readonly format: WireFormat;
	/** QMux framing and flow control (not the legacy binding). */
	readonly qmux: boolean;
	/** A message is a Record of frames (draft-01+), bounded by max_record_size; else it is exactly one frame. */
	readonly records: boolean;
	/** Draft-02: QX_TRANSPORT_PARAMETERS must be the peer's first frame, RESET_STREAM_AT is allowed. */
	readonly strict: boolean;
}

/** draft-00's max_frame_size: the largest frame (header included), and so message, either side sends. */
export const MAX_FRAME_SIZE = 16384;
/** draft-01's default (and minimum) max_record_size. */
export const DEFAULT_MAX_RECORD_SIZE = 16382;

export function wireOf(subprotocol: string): Wire {
	const alpn = alpnOf(subprotocol);
	const draft = alpn ? subprotocol.slice(0, subprotocol.length - alpn.length - 1) : "";
	const format: WireFormat = draft === "qmux-00" || draft === "qmux-01" || draft === "qmux-02" ? draft : "webtransport";
	return { format, qmux: format !== "webtransport", records: format === "qmux-01" || format === "qmux-02", strict: format === "qmux-02" };
}
