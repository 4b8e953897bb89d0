// One moq-lite session over any WebTransport-shaped transport: both halves (publisher and subscriber) on one
// connection, stream dispatch on the leading varint, and one close that ends every loop and stream.
import { BidiStreamType, encodeVarint, type Probe, type Setup, UniStreamType, type Version } from "../codec/index.js";
import { ClosedError, type MoqError, ProtocolViolationError, SessionCode, UnexpectedStreamError } from "../error.js";
import { OriginProducer, type OriginConsumer } from "../model/index.js";
import type { BidiStream, StreamOptions, Transport } from "../transport/types.js";
import { serveAnnounce } from "./announce.js";
import { Datagrams } from "./datagram.js";
import { decodeSessionCode, errorCode, streamError } from "./error.js";
import { serveFetch } from "./fetch.js";
import { recvGoaway } from "./goaway.js";
import { recvGroup } from "./recv-group.js";
import { runSessionStream, type SessionStream } from "./legacy.js";
import { runProbe, serveProbe } from "./probe.js";
import { recvSetup, sendSetup } from "./setup.js";
import { Reader, Writer } from "./stream.js";
import { Subscriber } from "./subscriber.js";
import { serveSubscribe } from "./serve-subscribe.js";
import { serveTrack } from "./track.js";
import { hasAnnounceId, hasFetch, hasGoaway, hasProbe, hasSetupStream, hasTrackStream, versionName } from "./version.js";
import { type SessionOptions, sessionEngine } from "./options.js";
import { SessionGuard } from "./session-limits.js";
import { hopId } from "../model/origin-id.js";
import type { Engine } from "../wasm/engine.js";

/** TRACK_IDLE_LINGER of the reference relay (spec §5.9). */
const TRACK_LINGER_MS = 30_000;

export class Session {
	readonly transport: Transport;
	/** The negotiated wire version (numeric code); `protocol` is its name. */
	readonly version: Version;
	/** Our hop id: sent in SETUP and ANNOUNCE_OK, excluded from announces we receive. */
	readonly origin: number;
	/** @internal The WASM core of this session's codec calls (SessionOptions.engine). */
	readonly engine: Engine;
	/** What we serve to the peer. */
	readonly publish: OriginConsumer;
	/** @internal The subscriber half's state (subscribe ids, remote broadcasts). */
	readonly subscriber: Subscriber;
	/** @internal QUIC datagrams, when the version and transport carry them. */
	readonly datagrams: Datagrams | undefined;
	/** The peer's SETUP (05+); never settles on 03/04. */
	readonly peerSetup: Promise<Setup>;
	/** Resolves with the close error (ClosedError locally, the typed meaning of the peer's code, `remote`, from the peer) once closed. */
	readonly closed: Promise<MoqError>;
	/** Aborted on close; every wait on the model is bounded by it. */
	readonly signal: AbortSignal;
	/** The peer's latest PROBE report (bitrate bps, RTT ms; 0 = unknown), or 01/02 SESSION_INFO, if it sends any. */
	probe: Probe | undefined;

	readonly #abort = new AbortController();
	readonly #cleanups = new Set<() => void>();
	readonly #maxMessage: number | undefined;
	/** @internal Subscribe ids being served: a second live SUBSCRIBE with the same id is refused (spec §3.4). */
	readonly servedSubscribeIds = new Set<string>();
	/** @internal See SessionOptions.mayServe. */
	readonly mayServe: ((path: string) => boolean) | undefined;
	/** @internal See SessionOptions.trackLinger. */
	readonly trackLinger: number;
	/** @internal Enforces SessionOptions.limits, when given. */
	readonly guard: SessionGuard | undefined;
	#setPeerSetup!: (s: Setup) => void;
	#setupSeen = false;
	#goawaySeen = false;
	/** @internal Which end dialed: only a server may send a GOAWAY URI. */
	readonly isClient: boolean;
	#setClosed!: (e: MoqError) => void;

	/** `sessionStream`: 01/02's open SETUP stream (legacy.ts), kept for the whole session and never reset. */
	constructor(transport: Transport, version: Version, options: SessionOptions, client: boolean, sessionStream?: SessionStream) {
		this.transport = transport;
		this.version = version;
		this.isClient = client;
		this.origin = hopId(options.hopId);
		this.engine = sessionEngine(options);
		this.signal = this.#abort.signal;
		this.publish = options.publish ?? new OriginProducer().consume();
		this.#maxMessage = options.maxMessage;
		this.trackLinger = options.trackLinger ?? TRACK_LINGER_MS;
		this.mayServe = options.mayServe;
		this.peerSetup = new Promise((r) => (this.#setPeerSetup = r));
		this.closed = new Promise((r) => (this.#setClosed = r));
		this.guard = options.limits ? new SessionGuard(this, options.limits, options.log ?? console.warn) : undefined;
		this.subscriber = new Subscriber(this, options);
		this.datagrams = Datagrams.open(this);
		transport.closed.then(
			(info) => this.#ended(info),
			(err) => this.#ended(err),
		);
		if (hasSetupStream(version)) void this.#guard(sendSetup(this, client ? role(options) : undefined));
		void this.#guard(this.#acceptBidis());
		void this.#guard(this.#acceptUnis());
		if (sessionStream) {
			void runSessionStream(sessionStream, version, (bitrate) => (this.probe = { bitrate }), (code, reason) => this.close(code, reason));
		}
		this.subscriber.start();
		void this.datagrams?.receive();
		void runProbe(this, (p) => (this.probe = p));
	}

	/** The negotiated protocol name, e.g. "moq-lite-05". */
	get protocol(): string {
		return versionName(this.version);
	}

	get isClosed(): boolean {
		return this.signal.aborted;
	}

	/** Closes the session with session `code` (0: no error): every stream dies, every pending model wait settles. */
	close(code: number = SessionCode.NoError, reason = ""): void {
		if (this.#shutdown(new ClosedError(reason || `session closed with code ${code}`))) {
			this.transport.close({ closeCode: code, reason });
		}
	}

	/** @internal Runs `fn` when the session closes; returns the function that cancels that. */
	onClose(fn: () => void): () => void {
		if (this.isClosed) {
			fn();
			return () => {};
		}
		this.#cleanups.add(fn);
		return () => this.#cleanups.delete(fn);
	}

	/** @internal Rejects with the close error once the session closes. */
	until<T>(promise: Promise<T>): Promise<T> {
		if (this.isClosed) return Promise.reject(this.signal.reason as Error);
		return new Promise<T>((resolve, reject) => {
			const off = this.onClose(() => reject(this.signal.reason as Error));
			promise.then(
				(v) => {
					off();
					resolve(v);
				},
				(e) => {
					off();
					reject(e);
				},
			);
		});
	}

	/** @internal Records the peer's SETUP (the first one wins). */
	gotSetup(setup: Setup): void {
		if (this.#setupSeen) throw this.#violation("a second SETUP stream");
		// 06: Path and Role are client-only parameters.
		if (hasAnnounceId(this.version) && this.isClient && (setup.path !== undefined || setup.role !== undefined)) {
			throw this.#violation("a server SETUP with Path or Role");
		}
		this.#setupSeen = true;
		this.#setPeerSetup(setup);
	}

	/** @internal A peer GOAWAY: one per session, and a URI only from a server (moq-lite-versions §2.9). */
	gotGoaway(uri: string): void {
		if (this.#goawaySeen) throw this.#violation("a second GOAWAY");
		if (uri !== "" && !this.isClient) throw this.#violation("a GOAWAY URI from a client");
		this.#goawaySeen = true;
	}

	/** Closes the session with PROTOCOL_VIOLATION and returns the error for the stream that carried it. */
	#violation(what: string): ProtocolViolationError {
		const err = new ProtocolViolationError(`${what}: protocol violation`);
		this.close(err.sessionCode, err.message);
		return err;
	}

	/** @internal Opens a bidi stream and writes its type. */
	async openBidi(type: BidiStreamType, options?: StreamOptions): Promise<{ reader: Reader; writer: Writer }> {
		const stream = await this.transport.createBidirectionalStream(options).catch((err: unknown) => {
			throw streamError(err);
		});
		const writer = new Writer(stream.writable);
		await writer.write(encodeVarint(type, this.engine));
		return { reader: new Reader(stream.readable, this.#maxMessage), writer };
	}

	/** @internal Opens a uni stream (its type is written by the caller, batched with its header). */
	async openUni(options?: StreamOptions): Promise<Writer> {
		const t = this.transport;
		// The adapter's bare writer where it has one (QMux): one WritableStream less per group stream.
		const stream = await (t.createUnidirectionalWriter ? t.createUnidirectionalWriter(options) : t.createUnidirectionalStream(options)).catch((err: unknown) => {
			throw streamError(err);
		});
		return new Writer(stream);
	}

	async #acceptBidis(): Promise<void> {
		const incoming = this.transport.incomingBidirectionalStreams.getReader();
		for (;;) {
			const { value, done } = await incoming.read();
			if (done) return;
			void this.#bidi(value);
		}
	}

	async #acceptUnis(): Promise<void> {
		const incoming = this.transport.incomingUnidirectionalStreams.getReader();
		for (;;) {
			const { value, done } = await incoming.read();
			if (done) return;
			void this.#uni(value);
		}
	}

	// A failing stream is reset with its error's code; the session and every other stream carry on.
	async #bidi(stream: BidiStream): Promise<void> {
		const reader = new Reader(stream.readable, this.#maxMessage);
		const writer = new Writer(stream.writable);
		let release: (() => void) | undefined;
		try {
			const type = await reader.varint();
			release = this.guard?.open(type);
			await this.#serveBidi(type, reader, writer);
		} catch (err) {
			const code = errorCode(err);
			writer.reset(code);
			reader.stop(code);
		} finally {
			release?.();
		}
	}

	#serveBidi(type: number | bigint, reader: Reader, writer: Writer): Promise<void> {
		const v = this.version;
		switch (type) {
			case BidiStreamType.Announce:
				return serveAnnounce(this, reader, writer);
			case BidiStreamType.Subscribe:
				return serveSubscribe(this, reader, writer);
			case BidiStreamType.Fetch:
				if (!hasFetch(v)) throw new UnexpectedStreamError("FETCH is served on moq-lite-05+ only");
				return serveFetch(this, reader, writer);
			case BidiStreamType.Track:
				if (!hasTrackStream(v)) throw new UnexpectedStreamError("TRACK is moq-lite-05+ only");
				return serveTrack(this, reader, writer);
			case BidiStreamType.Probe:
				if (!hasProbe(v)) throw new UnexpectedStreamError("PROBE is moq-lite-03+");
				return serveProbe(this, reader, writer);
			case BidiStreamType.Goaway:
				if (!hasGoaway(v)) throw new UnexpectedStreamError("GOAWAY is moq-lite-04+");
				return recvGoaway(this, reader, writer);
			default:
				// Unknown (or the historical session stream): reset with 0, as both reference peers do.
				throw new UnexpectedStreamError(`unknown bidi stream type ${type}`);
		}
	}

	async #uni(stream: ReadableStream<Uint8Array>): Promise<void> {
		const reader = new Reader(stream, this.#maxMessage);
		let release: (() => void) | undefined;
		try {
			const type = await reader.varint();
			release = this.guard?.open();
			if (type === UniStreamType.Group) return await recvGroup(this, reader);
			if (type === UniStreamType.Setup && hasSetupStream(this.version)) return await recvSetup(this, reader);
			if (type === UniStreamType.Setup) throw new UnexpectedStreamError("SETUP is moq-lite-05 only");
			throw new UnexpectedStreamError(`unknown uni stream type ${type}`);
		} catch (err) {
			reader.stop(errorCode(err));
		} finally {
			release?.();
		}
	}

	// Accept loops end when the transport closes; anything else failing there is a transport failure.
	async #guard(task: Promise<void>): Promise<void> {
		try {
			await task;
		} catch (err) {
			this.#shutdown(streamError(err));
		}
	}

	// Only the peer or the transport gets here first: a local close() has already shut down.
	#ended(info: unknown): void {
		const code = (info as { closeCode?: number } | undefined)?.closeCode ?? SessionCode.NoError;
		this.#shutdown(decodeSessionCode(code));
	}

	#shutdown(err: MoqError): boolean {
		if (this.isClosed) return false;
		this.#abort.abort(err);
		for (const fn of [...this.#cleanups]) fn();
		this.#cleanups.clear();
		this.#setClosed(err);
		return true;
	}
}

/** SETUP role (client only): derived from which origins were wired, absent = both (spec §3.2). */
function role(options: SessionOptions): number | undefined {
	if (options.publish && !options.subscribe) return 1;
	if (options.subscribe && !options.publish) return 2;
	return undefined;
}
