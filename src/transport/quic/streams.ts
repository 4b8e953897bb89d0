// QUIC stream error codes and the wrappers that give library streams moqwire's semantics. @matrixai/quic turns an
// abort/cancel reason into a wire code with `reasonToCode`, and a peer's code into an error with `codeToReason`;
// ours pass codes through untouched, and the wrappers decide what the code means: moqwire codes are mapped into the
// HTTP/3 WebTransport range (./h3/codes.ts) on WebTransport streams, and on raw QUIC too (see RAW_CODES).
import { defineSendOrder, forwardWritable } from "../forward.js";
import { resetCode, StreamResetError } from "../reset.js";
import type { SendStream } from "../types.js";
import { fromHttp3, toHttp3 } from "./h3/codes.js";
import type { SendOrderSlot } from "./priority.js";
import type { StreamReader } from "./reader.js";

/** An abort/cancel reason carrying the exact wire code to send. */
export class WireCode {
	constructor(readonly code: number) {}
}

/** What a stream fails with when the peer reset it (or sent STOP_SENDING), before the wrapper maps the code. */
export class PeerCode extends Error {
	constructor(readonly code: number) {
		super(`peer stream error ${code}`);
	}
}

export const reasonToCode = (_type: "read" | "write", reason?: unknown): number => (reason instanceof WireCode ? reason.code : 0);
export const codeToReason = (_type: "read" | "write", code: number): PeerCode => new PeerCode(code);

/** How moqwire's reset codes travel on one kind of stream. */
export interface Codes {
	toWire(code: number): number;
	/** undefined: a code outside the application range (e.g. an HTTP/3 one): surfaced as code 0. */
	fromWire(wire: number): number | undefined;
}

/**
 * Raw QUIC maps codes as WebTransport does, because the reference does (moq-relay's raw sessions reuse its
 * WebTransport stream wrappers, which map on reset/stop). A code outside the mapped range is taken as is, so peers
 * that send codes unmapped (ours before this) still read right.
 */
export const RAW_CODES: Codes = { toWire: toHttp3, fromWire: (c) => fromHttp3(c) ?? c };

/** Builds the error mapping of one session: resets keep their code, anything else means the session ended. */
export function failer(codes: Codes, ended: () => Error): (err: unknown) => unknown {
	return (err) => (err instanceof PeerCode ? new StreamResetError(codes.fromWire(err.code) ?? 0) : ended());
}

const wire = (codes: Codes, reason: unknown) => new WireCode(codes.toWire(resetCode(reason) ?? 0));

/** The rest of an incoming stream, after its header, with moqwire's error semantics. */
export function incoming(reader: StreamReader, codes: Codes, fail: (err: unknown) => unknown): ReadableStream<Uint8Array> {
	return reader.rest(fail, (reason) => wire(codes, reason));
}

/**
 * An outgoing stream with moqwire's semantics, after `header` (a WebTransport stream's signal and session id), its
 * `sendOrder` ranked in `slot`. Each chunk is copied before the library sees it: it keeps a reference while flow
 * control holds the data back, and browsers' WebTransport copies too, so writers that reuse their buffers (as
 * @moq/net does) stay correct over this transport.
 */
export function outgoing(
	inner: WritableStream<Uint8Array>,
	codes: Codes,
	fail: (err: unknown) => unknown,
	slot: SendOrderSlot,
	header?: Uint8Array,
): SendStream {
	const writer = inner.getWriter();
	void writer.closed.then(slot.done, slot.done);
	// The stream header goes first; a failure to write it surfaces through `closed` like any other.
	if (header) writer.write(header.slice()).catch(() => {});
	slot.set(null);
	return defineSendOrder(forwardWritable(writer, fail, (reason) => wire(codes, reason), true), slot.set);
}
