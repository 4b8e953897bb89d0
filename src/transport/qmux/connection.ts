// One QMux connection over a WebSocket (draft-ietf-quic-qmux): the handshake (each side's QX_TRANSPORT_PARAMETERS
// first), streams and their flow control, and a send path that gathers every write of a turn into as few
// messages as the record size allows, streams ranked by sendOrder. A peer's violation closes the connection with
// CONNECTION_CLOSE and the draft's code; nothing it sends can throw past this object.
import { TransportError } from "../../error.js";
import { resetReason } from "../reset.js";
import type { CloseInfo } from "../types.js";
import { Builder } from "./builder.js";
import { RecvWindow } from "./credit.js";
import { QmuxError, TransportCode } from "./errors.js";
import {
	decodeMessage,
	encodeClose,
	encodeMaxData,
	encodeMaxStreamData,
	encodeMaxStreams,
	encodeParametersFrame,
	encodePingResponse,
	encodeResetStream,
	encodeStopSending,
	type FrameSink,
} from "./frames.js";
import { DEFAULT_PARAMETERS, type TransportParameters } from "./params.js";
import { QmuxRecvStream, type RecvHost } from "./recv-stream.js";
import { QmuxSendStream, type SendHost } from "./send-stream.js";
import { carrier, type Carrier, type WebSocketLike } from "./socket.js";
import { MAX_FRAME_SIZE, type Wire } from "./wire.js";

export type Role = "client" | "server";

/** What we grant a peer: a window of a few hundred ms of a 10 MB/s track, which is also what a stalled peer can
 * make us hold. */
export const LOCAL_PARAMETERS: Readonly<TransportParameters> = {
	...DEFAULT_PARAMETERS,
	initialMaxData: 4 * 1024 * 1024,
	initialMaxStreamDataBidiLocal: 1024 * 1024,
	initialMaxStreamDataBidiRemote: 1024 * 1024,
	initialMaxStreamDataUni: 1024 * 1024,
	initialMaxStreamsBidi: 100,
	initialMaxStreamsUni: 100,
};

/** Bytes the socket may hold unsent before the send path waits for it to drain. */
const SOCKET_HIGH = 512 * 1024;

/** A new stream the peer opened: its receiving half, and for a bidi stream the sending one. */
export interface Incoming {
	readonly recv: QmuxRecvStream;
	readonly send?: QmuxSendStream;
}

interface Pair {
	send?: QmuxSendStream;
	recv?: QmuxRecvStream;
	readonly peer: boolean;
}

interface Waiter {
	resolve(): void;
	reject(err: unknown): void;
}

const defer: (fn: () => void) => void =
	typeof setImmediate === "function" ? (fn) => void setImmediate(fn) : (fn) => void setTimeout(fn, 0);

const BIDI = 0;
const UNI = 1;

export class QmuxConnection implements FrameSink, SendHost, RecvHost {
	/** Resolves once the peer's transport parameters arrived (at open for the legacy binding). */
	readonly ready: Promise<void>;
	/** Fulfills on an APPLICATION_CLOSE either way; rejects with a TransportError on anything else. */
	readonly closed: Promise<CloseInfo>;
	/** Streams the peer opens; set by the owner before the socket can deliver any. */
	onIncoming: (s: Incoming) => void = () => {};
	/** The error every stream fails with once the connection ended. */
	ended: Error | undefined;

	readonly #wire: Wire;
	readonly #role: Role;
	readonly #carrier: Carrier;
	readonly #local: TransportParameters;
	#peer: TransportParameters | undefined;
	#readyResolve!: () => void;
	#readyReject!: (err: unknown) => void;
	#closedResolve!: (info: CloseInfo) => void;
	#closedReject!: (err: unknown) => void;

	// Sending: the peer's limits and what we used of them.
	#sendMax = 0;
	#sent = 0;
	readonly #streamsMax = [0, 0];
	readonly #streamsNext = [0, 0];
	readonly #openers: Waiter[][] = [[], []];
	// Receiving: our windows.
	readonly #recv: RecvWindow;
	readonly #peerStreams: RecvWindow[];

	readonly #streams = new Map<number, Pair>();
	#control: Uint8Array[] = [];
	#list: QmuxSendStream[] = [];
	#scheduled = false;
	#draining = false;

	constructor(socket: WebSocketLike, wire: Wire, role: Role, local: TransportParameters = LOCAL_PARAMETERS) {
		this.#wire = wire;
		this.#role = role;
		const unlimited = !wire.qmux;
		this.#local = { ...local, resetStreamAt: wire.strict };
		this.#recv = new RecvWindow(unlimited ? Infinity : local.initialMaxData);
		this.#peerStreams = [
			new RecvWindow(unlimited ? Infinity : local.initialMaxStreamsBidi),
			new RecvWindow(unlimited ? Infinity : local.initialMaxStreamsUni),
		];
		if (unlimited) {
			this.#sendMax = Infinity;
			this.#streamsMax[BIDI] = this.#streamsMax[UNI] = Infinity;
		}
		this.ready = new Promise<void>((resolve, reject) => {
			this.#readyResolve = resolve;
			this.#readyReject = reject;
		});
		this.closed = new Promise<CloseInfo>((resolve, reject) => {
			this.#closedResolve = resolve;
			this.#closedReject = reject;
		});
		this.ready.catch(() => {});
		this.closed.catch(() => {});
		this.#carrier = carrier(socket, {
			open: () => this.#open(),
			message: (data) => this.#message(data),
			text: () => this.#violation(new QmuxError(TransportCode.ProtocolViolation, "text message on a QMux WebSocket"), 1003),
			closed: (code, reason) =>
				this.#end(false, new TransportError(`QMux session dropped (WebSocket closed ${code}${reason ? `: ${reason}` : ""})`)),
		});
		if (socket.readyState === 1) this.#open();
		else if (socket.readyState > 1) this.#end(false, new TransportError("QMux session dropped (WebSocket already closed)"));
	}

	/** The peer's parameters, once they arrived. */
	get peer(): TransportParameters | undefined {
		return this.#peer;
	}

	#open(): void {
		if (this.ended) return;
		if (!this.#wire.qmux) return this.#readyResolve();
		this.#queue(encodeParametersFrame(this.#local), true);
	}

	// ---- opening streams

	async openUni(sendOrder: number | null): Promise<QmuxSendStream> {
		const id = await this.#allocate(UNI);
		const s = new QmuxSendStream(this, id, this.#peer?.initialMaxStreamDataUni ?? Infinity, sendOrder);
		this.#streams.set(id, { send: s, peer: false });
		return s;
	}

	async openBidi(sendOrder: number | null): Promise<{ send: QmuxSendStream; recv: QmuxRecvStream }> {
		const id = await this.#allocate(BIDI);
		const send = new QmuxSendStream(this, id, this.#peer?.initialMaxStreamDataBidiRemote ?? Infinity, sendOrder);
		const recv = new QmuxRecvStream(this, id, this.#wire.qmux ? this.#local.initialMaxStreamDataBidiLocal : Infinity);
		this.#streams.set(id, { send, recv, peer: false });
		return { send, recv };
	}

	/** The next stream id of direction `dir` once the peer's MAX_STREAMS allows it. */
	async #allocate(dir: number): Promise<number> {
		await this.ready;
		while (this.#streamsNext[dir]! >= this.#streamsMax[dir]!) {
			if (this.ended) throw this.ended;
			await new Promise<void>((resolve, reject) => this.#openers[dir]!.push({ resolve, reject }));
		}
		if (this.ended) throw this.ended;
		const index = this.#streamsNext[dir]!++;
		return index * 4 + dir * 2 + (this.#role === "server" ? 1 : 0);
	}

	// ---- closing

	/** APPLICATION_CLOSE with `code`/`reason` after what is queued, then the socket closes. */
	close(code: number, reason: string): void {
		if (this.ended) return;
		this.#flush();
		this.#queue(encodeClose(this.#wire, true, code, reason), true);
		this.#end(true, resetReason(code), { closeCode: code, reason });
	}

	#violation(err: QmuxError, wsCode = 1002): void {
		if (this.ended) return;
		this.#queue(encodeClose(this.#wire, false, err.code, err.message), true);
		this.#end(false, new TransportError(`QMux peer broke the protocol: ${err.message}`, { cause: err }), undefined, wsCode);
	}

	#end(graceful: boolean, err: Error, info?: CloseInfo, wsCode = 1000): void {
		if (this.ended) return;
		this.ended = err;
		this.#readyReject(graceful ? new TransportError(`closed before its handshake: ${info!.reason || `code ${info!.closeCode}`}`) : err);
		if (graceful) this.#closedResolve(info!);
		else this.#closedReject(err);
		for (const pair of this.#streams.values()) {
			pair.send?.fail(err);
			pair.recv?.fail(err);
		}
		this.#streams.clear();
		for (const w of this.#openers.flat()) w.reject(err);
		this.#list = [];
		this.#carrier.close(wsCode, "");
	}

	// ---- receiving

	#message(data: Uint8Array): void {
		if (this.ended) return;
		const limit = this.#wire.records ? this.#local.maxRecordSize : this.#wire.qmux ? MAX_FRAME_SIZE : Infinity;
		try {
			if (data.byteLength > limit) throw new QmuxError(TransportCode.ProtocolViolation, `message of ${data.byteLength} B beyond ${limit}`);
			decodeMessage(this.#wire, data, this);
		} catch (err) {
			this.#violation(err instanceof QmuxError ? err : new QmuxError(TransportCode.Internal, String(err)));
		}
	}

	/** Draft-02: nothing but the transport parameters comes first. */
	#handshaken(): void {
		if (this.#wire.strict && this.#peer === undefined)
			throw new QmuxError(TransportCode.ProtocolViolation, "a frame before QX_TRANSPORT_PARAMETERS");
	}

	parameters(p: TransportParameters): void {
		if (this.#peer !== undefined) {
			if (this.#wire.strict) throw new QmuxError(TransportCode.ProtocolViolation, "QX_TRANSPORT_PARAMETERS repeated");
			return;
		}
		this.#peer = p;
		this.#sendMax = p.initialMaxData;
		this.#streamsMax[BIDI] = p.initialMaxStreamsBidi;
		this.#streamsMax[UNI] = p.initialMaxStreamsUni;
		// Streams the peer opened before its parameters arrived (drafts 00/01) send under its bidi_local limit.
		for (const pair of this.#streams.values()) if (pair.send) pair.send.max = p.initialMaxStreamDataBidiLocal;
		this.#readyResolve();
	}

	stream(id: number, offset: number, data: Uint8Array, fin: boolean): void {
		this.#handshaken();
		const pair = this.#pair(id);
		if (pair === null) return this.#discard(data.byteLength);
		if (!pair.recv) throw new QmuxError(TransportCode.StreamState, `STREAM on send-only stream ${id}`);
		const fresh = pair.recv.data(offset, data, fin);
		this.#recv.receive(this.#recv.received + fresh, "connection");
		if (pair.recv.done) this.#credit(fresh);
	}

	resetStream(id: number, code: number, finalSize: number): void {
		this.#handshaken();
		const pair = this.#pair(id);
		if (pair === null) return;
		if (!pair.recv) throw new QmuxError(TransportCode.StreamState, `RESET_STREAM on send-only stream ${id}`);
		const unread = pair.recv.unread;
		const added = pair.recv.reset(code, finalSize);
		this.#recv.receive(this.#recv.received + added, "connection");
		this.#credit(unread + added);
	}

	stopSending(id: number, code: number): void {
		this.#handshaken();
		const pair = this.#pair(id);
		if (pair === null) return;
		const s = pair.send;
		if (!s) throw new QmuxError(TransportCode.StreamState, `STOP_SENDING on receive-only stream ${id}`);
		if (s.done) return;
		// RFC 9000 §3.5: answer with RESET_STREAM, the peer's code copied.
		this.reset(s, code);
		s.fail(resetReason(code));
	}

	connectionClose(application: boolean, code: number, reason: string): void {
		if (application) return this.#end(true, resetReason(code), { closeCode: code, reason });
		this.#end(false, new TransportError(`QMux peer closed the connection with error 0x${code.toString(16)}${reason ? `: ${reason}` : ""}`));
	}

	maxData(max: number): void {
		this.#handshaken();
		if (max <= this.#sendMax) return;
		this.#sendMax = max;
		if (this.#list.length > 0) this.#schedule();
	}

	maxStreamData(id: number, max: number): void {
		this.#handshaken();
		const pair = this.#pair(id);
		if (pair === null) return;
		if (!pair.send) throw new QmuxError(TransportCode.StreamState, `MAX_STREAM_DATA on receive-only stream ${id}`);
		if (max <= pair.send.max) return;
		pair.send.max = max;
		if (pair.send.listed) this.#schedule();
	}

	maxStreams(bidi: boolean, max: number): void {
		this.#handshaken();
		if (max > 2 ** 60) throw new QmuxError(TransportCode.FrameEncoding, "MAX_STREAMS beyond 2^60");
		const dir = bidi ? BIDI : UNI;
		if (max <= this.#streamsMax[dir]!) return;
		this.#streamsMax[dir] = max;
		for (const w of this.#openers[dir]!.splice(0)) w.resolve();
	}

	ping(sequence: bigint, response: boolean): void {
		this.#handshaken();
		if (!response) this.#queue(encodePingResponse(sequence));
	}

	/**
	 * The stream `id` refers to: existing, opened now (a peer's new stream, and every lower one of its kind), or
	 * null when it was ours or theirs and is finished. A stream that cannot exist is the peer's violation.
	 */
	#pair(id: number): Pair | null {
		const existing = this.#streams.get(id);
		if (existing) return existing;
		const dir = id & 2 ? UNI : BIDI;
		const index = Math.floor(id / 4);
		const ours = (id & 1) === (this.#role === "server" ? 1 : 0);
		if (ours) {
			if (index < this.#streamsNext[dir]!) return null;
			throw new QmuxError(TransportCode.StreamState, `frame for stream ${id}, which we never opened`);
		}
		const opened = this.#peerStreams[dir]!;
		if (index < opened.received) return null;
		const first = opened.received;
		opened.receive(index + 1, dir === UNI ? "unidirectional streams" : "bidirectional streams", TransportCode.StreamLimit);
		let pair: Pair | undefined;
		for (let i = first; i <= index; i++) pair = this.#openPeer(i * 4 + (id & 3), dir);
		return pair!;
	}

	#openPeer(id: number, dir: number): Pair {
		const qmux = this.#wire.qmux;
		const recv = new QmuxRecvStream(this, id, !qmux ? Infinity : dir === UNI ? this.#local.initialMaxStreamDataUni : this.#local.initialMaxStreamDataBidiRemote);
		const send =
			dir === BIDI ? new QmuxSendStream(this, id, !qmux ? Infinity : (this.#peer?.initialMaxStreamDataBidiLocal ?? 0), null) : undefined;
		const pair: Pair = send ? { recv, send, peer: true } : { recv, peer: true };
		this.#streams.set(id, pair);
		this.onIncoming(send ? { recv, send } : { recv });
		return pair;
	}

	/** Data for a finished stream: counted against the connection window and handed straight back. */
	#discard(n: number): void {
		this.#recv.receive(this.#recv.received + n, "connection");
		this.#credit(n);
	}

	#credit(n: number): void {
		if (n <= 0 || this.ended) return;
		const max = this.#recv.consume(n);
		if (max !== undefined) this.#queue(encodeMaxData(max));
	}

	// ---- RecvHost

	consumed(s: QmuxRecvStream, n: number): void {
		if (this.ended) return;
		const max = s.window.consume(n);
		if (max !== undefined && !s.done) this.#queue(encodeMaxStreamData(s.id, max));
		this.#credit(n);
	}

	stop(s: QmuxRecvStream, code: number): void {
		if (!this.ended) this.#queue(encodeStopSending(this.#wire, s.id, code));
	}

	recvEnded(s: QmuxRecvStream): void {
		this.#settle(s.id);
	}

	// ---- SendHost

	wake(s: QmuxSendStream): void {
		if (!s.listed) {
			s.listed = true;
			this.#list.push(s);
		}
		this.#schedule();
	}

	reset(s: QmuxSendStream, code: number): void {
		if (s.done || this.ended) return;
		this.#queue(encodeResetStream(this.#wire, s.id, code, s.offset));
		s.done = true;
		queueMicrotask(() => this.#settle(s.id));
	}

	/** A stream whose halves are both finished is forgotten; a peer's frees a slot for it to open another. */
	#settle(id: number): void {
		const pair = this.#streams.get(id);
		if (!pair) return;
		if (pair.recv && !pair.recv.settled) return;
		if (pair.send && !pair.send.done) return;
		this.#streams.delete(id);
		if (!pair.peer || this.ended) return;
		const dir = id & 2 ? UNI : BIDI;
		const max = this.#peerStreams[dir]!.consume(1);
		if (max !== undefined) this.#queue(encodeMaxStreams(dir === BIDI, max));
	}

	// ---- sending

	#queue(frame: Uint8Array, now = false): void {
		this.#control.push(frame);
		if (now) this.#flush();
		else this.#schedule();
	}

	#schedule(): void {
		if (this.#scheduled) return;
		this.#scheduled = true;
		defer(this.#flush);
	}

	/** Everything sendable now, in as few messages as fit: control frames first, then streams by sendOrder. */
	readonly #flush = (): void => {
		this.#scheduled = false;
		const c = this.#carrier;
		if (!c.open) return;
		const limit = this.#wire.records ? (this.#peer?.maxRecordSize ?? this.#local.maxRecordSize) : MAX_FRAME_SIZE;
		const out = new Builder(this.#wire, limit);
		for (const frame of this.#control) out.control(frame);
		this.#control = [];
		let budget = this.ended ? 0 : SOCKET_HIGH - c.buffered;
		const list = this.#list;
		// Everything fits: it leaves in the order it was written (a reply before the data it announces). Only
		// when the socket or the peer's credit cannot take it all does sendOrder decide who goes first.
		if (list.length > 1) {
			let queued = 0;
			for (const s of list) queued += s.queued;
			if (queued > Math.min(budget, this.#sendMax - this.#sent)) list.sort((a, b) => b.rank - a.rank || a.id - b.id);
		}
		const keep: QmuxSendStream[] = [];
		for (const s of list) {
			if (!s.done) budget = this.#drain(s, out, budget);
			if (!s.done && (s.queued > 0 || s.fin)) keep.push(s);
			else s.listed = false;
		}
		this.#list = keep;
		out.end();
		if (out.messages.length > 0) c.send(out.messages);
		if (budget <= 0 && keep.length > 0 && !this.#draining) {
			this.#draining = true;
			c.onDrain(() => {
				this.#draining = false;
				this.#schedule();
			});
		}
	};

	/** Frames as much of `s` as credit and `budget` allow into `out`; returns the budget left. */
	#drain(s: QmuxSendStream, out: Builder, budget: number): number {
		while (s.queued > 0) {
			const room = Math.min(s.max - s.offset, this.#sendMax - this.#sent, budget);
			if (room <= 0) return budget;
			const chunk = s.chunks[0]!;
			const avail = chunk.byteLength - s.head;
			const n = out.fit(s.id, s.offset, Math.min(avail, room));
			const view = s.head === 0 && n === chunk.byteLength ? chunk : chunk.subarray(s.head, s.head + n);
			const fin = s.fin && n === s.queued;
			out.stream(s.id, s.offset, view, fin);
			s.head += n;
			if (s.head === chunk.byteLength) {
				s.chunks.shift();
				s.head = 0;
			}
			this.#sent += n;
			budget -= n;
			s.sent(n);
			if (fin) return this.#finished(s, budget);
		}
		if (s.fin) {
			out.fit(s.id, s.offset, 0);
			out.stream(s.id, s.offset, new Uint8Array(0), true);
			return this.#finished(s, budget);
		}
		return budget;
	}

	#finished(s: QmuxSendStream, budget: number): number {
		s.finished();
		queueMicrotask(() => this.#settle(s.id));
		return budget;
	}
}
