// The legacy moq-lite-01/02 handshake (moq-lite-versions §3.2, §3.3): reached with the `moql` ALPN or no protocol
// at all. The client opens a bidi stream with CLIENT_SETUP; the server answers SERVER_SETUP with the first of the
// client's versions it speaks (02, 01: never 03+, which old clients would run as a session-stream-less version).
// That stream stays open as the session stream: SESSION_INFO either way, a FIN tolerated, never reset by us.
import {
	encodeLegacySetup,
	encodeSessionInfo,
	type LegacyMessageKind,
	type LegacyMessageMap,
	type LegacySetup,
	type Version,
} from "../codec/index.js";
import { MoqError, SessionCode, VersionError } from "../error.js";
import type { BidiStream, Transport } from "../transport/types.js";
import { limitError } from "./session-limits.js";
import { Reader, Writer } from "./stream.js";
import { LEGACY_VERSIONS } from "./version.js";
import type { Engine } from "../wasm/engine.js";

/** The open session stream of a 01/02 session. */
export interface SessionStream {
	readonly reader: Reader;
	readonly writer: Writer;
}

/**
 * A legacy-only message from `r`. Reader types its kinds by the 03+ MessageMap; the decoder underneath reads every
 * kind, so the 01/02 ones pass through here (the one place that widens the type).
 */
export function readLegacy<K extends LegacyMessageKind>(r: Reader, kind: K, version: Version): Promise<LegacyMessageMap[K] | undefined> {
	return r.maybeMessage(kind as never, version) as Promise<LegacyMessageMap[K] | undefined>;
}

/** The version a server selects: the client's first that we speak (its preference wins, as in the references). */
export function selectLegacyVersion(offered: readonly (number | bigint)[]): Version | undefined {
	for (const v of offered) {
		const known = LEGACY_VERSIONS.find((l) => l === v);
		if (known !== undefined) return known;
	}
	return undefined;
}

/** What goes in the handshake: the draft-14 framing has no version of its own, so it is encoded as 02. */
const HANDSHAKE = LEGACY_VERSIONS[0]!;

/**
 * Runs the handshake on `transport` (the server reads the first bidi stream the client opens) within `ms` (0: no
 * deadline). Resolves with the negotiated version and the session stream; on failure the transport is closed with
 * the error's session code (no common version: VersionNegotiationFailed) and the promise rejects with it.
 */
export async function legacyHandshake(transport: Transport, client: boolean, ms = 0, engine?: Engine): Promise<{ version: Version; stream: SessionStream }> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = limitError("handshakeTimeout", ms, "no legacy SETUP exchange in time, closing");
	const late = new Promise<never>((_, reject) => {
		if (ms > 0) timer = setTimeout(() => reject(timeout), ms);
	});
	const exchange = client ? dial(transport, engine) : answer(transport, engine);
	try {
		return await Promise.race([exchange, late]);
	} catch (err) {
		// Anything but the deadline (a bad first message, no common version, a lost stream) is a failed negotiation.
		const e = err === timeout || (err instanceof VersionError) ? (err as MoqError) : new VersionError(`legacy SETUP failed: ${(err as Error).message}`);
		exchange.catch(() => {});
		transport.close({ closeCode: e.sessionCode, reason: e.message });
		throw e;
	} finally {
		clearTimeout(timer);
	}
}

async function dial(transport: Transport, engine: Engine | undefined): Promise<{ version: Version; stream: SessionStream }> {
	const stream = open(await transport.createBidirectionalStream());
	await stream.writer.write(encodeLegacySetup({ type: "client", versions: [...LEGACY_VERSIONS], parameters: [] }, HANDSHAKE, engine));
	const reply = await readSetup(stream.reader, "server");
	const version = selectLegacyVersion([reply.version]);
	if (version === undefined) throw new VersionError(`the server selected version 0x${reply.version.toString(16)}, not moq-lite-01/02`);
	return { version, stream: await greet(stream, version, engine) };
}

async function answer(transport: Transport, engine: Engine | undefined): Promise<{ version: Version; stream: SessionStream }> {
	// The first bidi stream is the client's session stream; the session's accept loop takes the reader after us.
	const incoming = transport.incomingBidirectionalStreams.getReader();
	let first: ReadableStreamReadResult<BidiStream>;
	try {
		first = await incoming.read();
	} finally {
		incoming.releaseLock();
	}
	if (first.done) throw new VersionError("the session ended before its CLIENT_SETUP");
	const stream = open(first.value);
	const hello = await readSetup(stream.reader, "client");
	const version = selectLegacyVersion(hello.versions);
	if (version === undefined) {
		const offered = hello.versions.map((v) => `0x${v.toString(16)}`).join(", ");
		throw new VersionError(`CLIENT_SETUP offers ${offered || "no versions"}; this server speaks moq-lite-02 and -01 there`);
	}
	await stream.writer.write(encodeLegacySetup({ type: "server", version, parameters: [] }, HANDSHAKE, engine));
	return { version, stream: await greet(stream, version, engine) };
}

function open(stream: BidiStream): SessionStream {
	return { reader: new Reader(stream.readable), writer: new Writer(stream.writable) };
}

async function readSetup<T extends LegacySetup["type"]>(r: Reader, type: T): Promise<Extract<LegacySetup, { type: T }>> {
	const m = await readLegacy(r, "legacySetup", HANDSHAKE);
	if (!m) throw new VersionError(`the session stream ended before its ${type === "client" ? "CLIENT_SETUP" : "SERVER_SETUP"}`);
	if (m.type !== type) throw new VersionError(`expected ${type === "client" ? "CLIENT_SETUP" : "SERVER_SETUP"}, got the other`);
	return m as Extract<LegacySetup, { type: T }>;
}

/** Our first SESSION_INFO: no estimate (0 = unknown), but it tells the peer the stream is live. */
async function greet(stream: SessionStream, version: Version, engine: Engine | undefined): Promise<SessionStream> {
	await stream.writer.write(encodeSessionInfo({ bitrate: 0 }, version, engine));
	return stream;
}

/**
 * Reads the peer's SESSION_INFO reports into `report` until the stream ends. A FIN is tolerated (our side stays
 * open); a reset or a malformed message ends the session, as the references do.
 */
export async function runSessionStream(
	stream: SessionStream,
	version: Version,
	report: (bitrate: number) => void,
	fail: (code: number, reason: string) => void,
): Promise<void> {
	try {
		for (;;) {
			const info = await readLegacy(stream.reader, "sessionInfo", version);
			if (!info) return;
			report(info.bitrate);
		}
	} catch (err) {
		const e = err instanceof MoqError ? err : new MoqError(0, String(err));
		fail(e.remote ? SessionCode.ProtocolViolation : e.sessionCode, `session stream: ${e.message}`);
	}
}
