// The WebSocket under a QMux connection, two ways: Node's `ws` (messages as Buffers without a copy; on the server,
// a message is written as its WebSocket frame header plus the parts, corked into one writev) and the standard
// WebSocket of browsers, Deno and workerd (one send per message, its parts joined).

/** A standard WebSocket, open or opening, or a Node `ws` socket (which also has these members). */
export interface WebSocketLike {
	binaryType: string;
	readonly readyState: number;
	readonly bufferedAmount: number;
	send(data: Uint8Array): void;
	close(code?: number, reason?: string): void;
}

export interface CarrierEvents {
	open(): void;
	message(data: Uint8Array): void;
	/** A text message: not QMux. */
	text(): void;
	/** The socket is gone; `code`/`reason` from its close frame, if any. */
	closed(code: number, reason: string): void;
}

/** One message: its parts in order (small ones were already gathered by the caller). */
export type Message = readonly Uint8Array[];

export interface Carrier {
	readonly open: boolean;
	/** Bytes handed to the socket and not yet written out. */
	readonly buffered: number;
	send(messages: readonly Message[]): void;
	/** Calls `fn` once `buffered` fell (soon after, where the socket has no drain event). */
	onDrain(fn: () => void): void;
	close(code: number, reason: string): void;
}

const OPEN = 1;

/** Node's `ws` socket: its EventEmitter API and the net.Socket under it. */
interface NodeWs extends WebSocketLike {
	on(event: string, fn: (...args: never[]) => void): void;
	_socket?: NodeSocket | null;
	_isServer?: boolean;
	_sender?: { _state: number; _queue: unknown[] };
	terminate(): void;
}

interface NodeSocket {
	cork(): void;
	uncork(): void;
	write(chunk: Uint8Array): boolean;
	readonly writableLength: number;
	once(event: "drain", fn: () => void): void;
}

type Alloc = (n: number) => Uint8Array;
const NodeBuffer = (globalThis as { Buffer?: { allocUnsafe: Alloc } }).Buffer;
/** A small buffer for headers: Node's pooled allocation where there is one. */
export const alloc: Alloc = NodeBuffer ? (n) => NodeBuffer.allocUnsafe(n) : (n) => new Uint8Array(n);

function join(parts: Message): Uint8Array {
	if (parts.length === 1) return parts[0]!;
	let n = 0;
	for (const p of parts) n += p.byteLength;
	const out = alloc(n);
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.byteLength;
	}
	return out;
}

/** What differs per runtime; `direct` writes the messages itself and says so, else each goes through `ws.send`. */
interface CarrierParts {
	direct?(messages: readonly Message[]): boolean;
	onDrain(fn: () => void): void;
	close(code: number, reason: string): void;
}

/** The part both runtimes share: liveness, the socket's own buffer, and sending a message per `ws.send`. */
function sharedCarrier(ws: WebSocketLike, gone: () => boolean, parts: CarrierParts): Carrier {
	return {
		get open() {
			return !gone() && ws.readyState === OPEN;
		},
		get buffered() {
			return ws.bufferedAmount;
		},
		send(messages) {
			if (gone() || ws.readyState !== OPEN) return;
			if (parts.direct?.(messages)) return;
			for (const m of messages) ws.send(join(m));
		},
		onDrain: parts.onDrain,
		close: parts.close,
	};
}

function isNodeWs(s: WebSocketLike): s is NodeWs {
	return typeof (s as { on?: unknown }).on === "function";
}

export function carrier(socket: WebSocketLike, events: CarrierEvents): Carrier {
	return isNodeWs(socket) ? nodeCarrier(socket, events) : standardCarrier(socket, events);
}

function nodeCarrier(ws: NodeWs, events: CarrierEvents): Carrier {
	ws.binaryType = "nodebuffer";
	let gone = false;
	let linger: ReturnType<typeof setTimeout> | undefined;
	ws.on("open", () => events.open());
	// Readers get plain Uint8Array views (not Buffers), as on every other runtime.
	ws.on("message", (data: Uint8Array, isBinary: boolean) =>
		isBinary ? events.message(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)) : events.text(),
	);
	ws.on("close", (code: number, reason: Uint8Array) => {
		gone = true;
		clearTimeout(linger);
		events.closed(code, new TextDecoder().decode(reason));
	});
	// `ws` emits "close" after every error; nothing to do here but keep it from being an uncaught error.
	ws.on("error", () => {});
	// A server socket writes unmasked frames: we can frame them ourselves, straight onto the TCP socket, as long
	// as `ws` has nothing of its own queued (it queues only while compressing, which we never enable).
	const raw = (): NodeSocket | undefined => {
		const s = ws._socket;
		return ws._isServer && s && ws._sender && ws._sender._state === 0 && ws._sender._queue.length === 0 ? s : undefined;
	};
	return sharedCarrier(ws, () => gone, {
		// Straight onto the TCP socket under cork (one writev); false when `ws` must frame it itself.
		direct(messages) {
			const s = raw();
			if (!s) return false;
			s.cork();
			for (const m of messages) {
				let n = 0;
				for (const p of m) n += p.byteLength;
				s.write(frameHeader(n));
				for (const p of m) s.write(p);
			}
			s.uncork();
			return true;
		},
		onDrain(fn) {
			const s = ws._socket;
			if (s && s.writableLength > 0) s.once("drain", fn);
			else setTimeout(fn, 1);
		},
		close(code, reason) {
			if (gone) return;
			ws.close(code, reason);
			// A peer that never answers the close handshake (a silent upgrade, a dead link) would hold the TCP
			// socket for `ws`'s 30 s: the session is over once our close frame is out.
			linger = setTimeout(() => ws.terminate(), CLOSE_LINGER);
			(linger as { unref?: () => void }).unref?.();
		},
	});
}

/** How long a closed socket waits for the peer's close frame before the TCP connection is dropped. */
const CLOSE_LINGER = 1000;

/** An unmasked, final, binary WebSocket frame header for `n` payload bytes (RFC 6455 §5.2). */
function frameHeader(n: number): Uint8Array {
	if (n < 126) {
		const h = alloc(2);
		h[0] = 0x82;
		h[1] = n;
		return h;
	}
	if (n < 0x10000) {
		const h = alloc(4);
		h[0] = 0x82;
		h[1] = 126;
		h[2] = n >>> 8;
		h[3] = n & 0xff;
		return h;
	}
	const h = alloc(10);
	h[0] = 0x82;
	h[1] = 127;
	new DataView(h.buffer, h.byteOffset, 10).setBigUint64(2, BigInt(n));
	return h;
}

interface StandardWs extends WebSocketLike {
	addEventListener(type: string, fn: (ev: Event & { data?: unknown; code?: number; reason?: string }) => void): void;
}

function standardCarrier(socket: WebSocketLike, events: CarrierEvents): Carrier {
	const ws = socket as StandardWs;
	ws.binaryType = "arraybuffer";
	let gone = false;
	ws.addEventListener("open", () => events.open());
	ws.addEventListener("message", (ev) => {
		const d = ev.data;
		if (d instanceof ArrayBuffer) events.message(new Uint8Array(d));
		else if (ArrayBuffer.isView(d)) events.message(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
		else events.text();
	});
	ws.addEventListener("close", (ev) => {
		if (gone) return;
		gone = true;
		events.closed(ev.code ?? 1006, ev.reason ?? "");
	});
	ws.addEventListener("error", () => {});
	return sharedCarrier(ws, () => gone, {
		onDrain(fn) {
			// The standard socket has no drain event: look again shortly.
			setTimeout(fn, 5);
		},
		close(code, reason) {
			if (gone) return;
			try {
				ws.close(code, reason);
			} catch {
				ws.close();
			}
		},
	});
}
