// WebTransport application error codes (32-bit) ride in the HTTP/3 error space from 0x52e4a40fa8db, skipping the
// reserved codepoints 0x1f * N + 0x21 (draft-ietf-webtrans-http3 §4.4). Browsers apply this mapping to the codes
// they surface as WebTransportError.streamErrorCode, so ours must too.

const FIRST = 0x52e4a40fa8db;
const LAST = 0x52e5ac983162;

export function toHttp3(code: number): number {
	const n = code >>> 0;
	return FIRST + n + Math.floor(n / 0x1e);
}

/** The WebTransport code inside an HTTP/3 error code, or undefined when it lies outside the WebTransport range. */
export function fromHttp3(h3: number): number | undefined {
	if (h3 < FIRST || h3 > LAST) return undefined;
	const shifted = h3 - FIRST;
	return shifted - Math.floor(shifted / 0x1f);
}
