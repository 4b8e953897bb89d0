// HTTP/3 SETTINGS for WebTransport. We advertise every generation of the WebTransport signal still in use (the
// draft-02 enable flag Chromium answers to, and the later max-sessions settings), with datagrams in both the RFC 9297
// and Chromium's older codepoint, and one session per connection. QPACK table capacity stays 0 (the default): peers
// then encode headers with the static table and literals only, which is all ./qpack.ts decodes.
import { concat, readVarint } from "../varint.js";
import { Frame, frame } from "./frames.js";

export const Setting = {
	EnableConnectProtocol: 0x08,
	H3Datagram: 0x33,
	H3DatagramDraft: 0xffd277,
	EnableWebTransportDraft02: 0x2b603742,
	WebTransportMaxSessionsDraft02: 0x2b603743,
	WebTransportMaxSessions: 0xc671706a,
} as const;

export type Settings = Map<number, number>;

/** Our SETTINGS frame (without the control stream type). */
export function settingsFrame(datagrams: boolean): Uint8Array {
	const entries: [number, number][] = [
		[Setting.EnableConnectProtocol, 1],
		[Setting.EnableWebTransportDraft02, 1],
		[Setting.WebTransportMaxSessionsDraft02, 1],
		[Setting.WebTransportMaxSessions, 1],
	];
	if (datagrams) entries.push([Setting.H3Datagram, 1], [Setting.H3DatagramDraft, 1]);
	return frame(Frame.Settings, concat(...entries.flat()));
}

export function decodeSettings(payload: Uint8Array): Settings {
	const out: Settings = new Map();
	let offset = 0;
	while (offset < payload.length) {
		const id = readVarint(payload, offset);
		const value = id && readVarint(payload, id[1]);
		if (!id || !value) throw new RangeError("truncated SETTINGS frame");
		if (out.has(id[0])) throw new RangeError(`duplicate setting 0x${id[0].toString(16)}`);
		out.set(id[0], value[0]);
		offset = value[1];
	}
	return out;
}

/** Whether the peer's SETTINGS allow a WebTransport session, in any of the generations we speak. */
export function supportsWebTransport(settings: Settings): boolean {
	const max = settings.get(Setting.WebTransportMaxSessions);
	if (max !== undefined) return max > 0;
	return settings.get(Setting.EnableWebTransportDraft02) === 1;
}

export function supportsDatagrams(settings: Settings): boolean {
	return settings.get(Setting.H3Datagram) === 1 || settings.get(Setting.H3DatagramDraft) === 1;
}
