// Raw-peer helpers: drive one side of a MemoryTransport pair byte by byte against one of our sessions.
import { Decoder, encodeVarint, type MessageKind, type MessageMap, type Version } from "../../src/codec/index.js";
import { resetCode } from "../../src/transport/reset.js";
import type { BidiStream } from "../../src/transport/types.js";
import { concat as concatAll } from "../codec/helpers.js";

export const concat = (...parts: Uint8Array[]): Uint8Array => concatAll(parts);

export const type = (t: number): Uint8Array => encodeVarint(t);

/** Reads a received stream with a decoder; `ended()` resolves "fin" or the reset code. */
export class RawReader {
	readonly decoder = new Decoder();
	readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
	#end: "fin" | number | undefined;

	constructor(stream: ReadableStream<Uint8Array>) {
		this.#reader = stream.getReader();
	}

	async #pull(): Promise<boolean> {
		if (this.#end !== undefined) return false;
		try {
			const r = await this.#reader.read();
			if (r.done) {
				this.#end = "fin";
				return false;
			}
			this.decoder.push(r.value);
			return true;
		} catch (err) {
			this.#end = resetCode(err) ?? -1;
			return false;
		}
	}

	async message<K extends MessageKind>(kind: K, version: Version): Promise<MessageMap[K]> {
		for (;;) {
			const m = this.decoder.message(kind, version);
			if (m !== undefined) return m;
			if (!(await this.#pull())) throw new Error(`stream ended (${this.#end}) before ${kind}`);
		}
	}

	async varint(): Promise<number | bigint> {
		for (;;) {
			const v = this.decoder.varint();
			if (v !== undefined) return v;
			if (!(await this.#pull())) throw new Error(`stream ended (${this.#end}) before a varint`);
		}
	}

	/** Drains to the end: "fin", or the reset code. */
	async ended(): Promise<"fin" | number> {
		while (await this.#pull());
		return this.#end!;
	}
}

/** Opens a raw bidi stream and writes `bytes`. */
export async function rawBidi(open: () => Promise<BidiStream>, bytes: Uint8Array): Promise<{ reader: RawReader; writer: WritableStreamDefaultWriter<Uint8Array> }> {
	const s = await open();
	const writer = s.writable.getWriter();
	await writer.write(bytes);
	return { reader: new RawReader(s.readable), writer };
}

/**
 * The code a writer's stream was stopped with: waits for the stop itself (no timer racing it on a busy
 * machine); a stream that closes cleanly instead gives "open". The test timeout is the only safety net.
 */
export function stopped(writer: WritableStreamDefaultWriter<Uint8Array>): Promise<number | "open"> {
	return writer.closed.then(
		() => "open" as const,
		(err: unknown) => resetCode(err) ?? -1,
	);
}
