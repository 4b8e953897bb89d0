// QX_TRANSPORT_PARAMETERS (draft-ietf-quic-qmux §5): the QUIC v1 parameters QMux keeps, plus max_record_size
// (draft-01) and reset_stream_at (presence only). Values are plain numbers (see varint.ts).
import { QmuxError, TransportCode } from "./errors.js";
import { Cursor, varintSize, writeVarint, writeVarintBig } from "./varint.js";
import { DEFAULT_MAX_RECORD_SIZE } from "./wire.js";

export interface TransportParameters {
	maxIdleTimeout: number;
	initialMaxData: number;
	initialMaxStreamDataBidiLocal: number;
	initialMaxStreamDataBidiRemote: number;
	initialMaxStreamDataUni: number;
	initialMaxStreamsBidi: number;
	initialMaxStreamsUni: number;
	maxDatagramFrameSize: number;
	maxRecordSize: number;
	resetStreamAt: boolean;
}

/** What a peer that sent no parameter for a field means by it (QUIC: 0; max_record_size: the default). */
export const DEFAULT_PARAMETERS: Readonly<TransportParameters> = {
	maxIdleTimeout: 0,
	initialMaxData: 0,
	initialMaxStreamDataBidiLocal: 0,
	initialMaxStreamDataBidiRemote: 0,
	initialMaxStreamDataUni: 0,
	initialMaxStreamsBidi: 0,
	initialMaxStreamsUni: 0,
	maxDatagramFrameSize: 0,
	maxRecordSize: DEFAULT_MAX_RECORD_SIZE,
	resetStreamAt: false,
};

type NumericKey = Exclude<keyof TransportParameters, "resetStreamAt">;

const MAX_RECORD_SIZE_ID = 0x0571c59429cd0845n;
const RESET_STREAM_AT_ID = 0x1dn;
/** In-band ALPN: over WebSocket the subprotocol negotiates, so a peer sending it breaks the binding. */
const APPLICATION_PROTOCOLS_ID = 0x3d4f9c2a8b1e6075n;

const IDS: ReadonlyMap<bigint, NumericKey> = new Map<bigint, NumericKey>([
	[0x01n, "maxIdleTimeout"],
	[0x04n, "initialMaxData"],
	[0x05n, "initialMaxStreamDataBidiLocal"],
	[0x06n, "initialMaxStreamDataBidiRemote"],
	[0x07n, "initialMaxStreamDataUni"],
	[0x08n, "initialMaxStreamsBidi"],
	[0x09n, "initialMaxStreamsUni"],
	[0x20n, "maxDatagramFrameSize"],
	[MAX_RECORD_SIZE_ID, "maxRecordSize"],
]);

/** QUIC v1 parameters that only make sense with QUIC's packets, connection ids or TLS: forbidden in QMux. */
function forbidden(id: bigint): boolean {
	return id === 0x00n || id === 0x02n || id === 0x03n || (id >= 0x0an && id <= 0x10n) || id === APPLICATION_PROTOCOLS_ID;
}

/** The parameters' body (the frame's value); a field equal to its default is left out. */
export function encodeParameters(p: TransportParameters): Uint8Array {
	const out = new Uint8Array(256);
	let at = 0;
	for (const [id, key] of IDS) {
		const value = p[key];
		if (value === DEFAULT_PARAMETERS[key]) continue;
		at = writeVarintBig(out, at, id);
		at = writeVarint(out, at, varintSize(value));
		at = writeVarint(out, at, value);
	}
	if (p.resetStreamAt) {
		at = writeVarintBig(out, at, RESET_STREAM_AT_ID);
		at = writeVarint(out, at, 0);
	}
	return out.subarray(0, at);
}

export function decodeParameters(body: Uint8Array): TransportParameters {
	const p: TransportParameters = { ...DEFAULT_PARAMETERS };
	const seen = new Set<bigint>();
	const c = new Cursor(body);
	const fail = (why: string) => new QmuxError(TransportCode.TransportParameter, why);
	while (c.remaining > 0) {
		const id = c.varintBig();
		const value = c.bytes(c.varint());
		const key = IDS.get(id);
		if (forbidden(id)) throw fail(`transport parameter 0x${id.toString(16)} is not allowed in QMux`);
		if (key === undefined && id !== RESET_STREAM_AT_ID) continue; // unknown: ignored, may repeat
		if (seen.has(id)) throw fail(`transport parameter 0x${id.toString(16)} repeated`);
		seen.add(id);
		if (key === undefined) {
			if (value.byteLength !== 0) throw fail("reset_stream_at carries a value");
			p.resetStreamAt = true;
			continue;
		}
		const v = new Cursor(value);
		p[key] = v.varint();
		if (v.remaining !== 0) throw fail(`transport parameter 0x${id.toString(16)} has trailing bytes`);
	}
	if (p.maxRecordSize < DEFAULT_MAX_RECORD_SIZE) throw fail(`max_record_size ${p.maxRecordSize} is below ${DEFAULT_MAX_RECORD_SIZE}`);
	if (p.initialMaxStreamsBidi > 2 ** 60 || p.initialMaxStreamsUni > 2 ** 60) throw fail("initial_max_streams beyond 2^60");
	return p;
}
