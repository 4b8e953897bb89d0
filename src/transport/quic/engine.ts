// Raw QUIC from @matrixai/quic (quiche), shaped into the few operations the HTTP/3 and raw-QUIC layers need: listen,
// dial, streams, datagrams, close. Three things the library does not do by itself are done here, on sockets we own:
// - Split ClientHello: after a Retry, Chromium sends its (post-quantum sized) ClientHello in two Initial packets.
//   The library creates a connection per Initial while the first is still being set up, and the handshake then
//   times out. We hold later Initials for a connection id until the first has registered its connection.
// - Early streams: a browser opens its HTTP/3 control and QPACK streams in the packets that complete the handshake,
//   while the library's connection is still "starting"; it then shuts those streams down or throws
//   InvalidStreamState. We defer stream processing until the connection has started.
// - Datagrams: quiche has them, the library exposes none; we read and write them on its native connection.
import { createHmac, randomBytes, randomFillSync, timingSafeEqual, createHash } from "node:crypto";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { QUICClient, QUICServer, QUICSocket, events, type QUICConnection, type QUICStream } from "@matrixai/quic";
import { TransportError } from "../../error.js";
import { codeToReason, reasonToCode } from "./streams.js";

/** The parts of the library's internals we drive (present in @matrixai/quic 2.0.x, absent from its typings). */
interface NativeConnection {
	dgramSend(data: Uint8Array): void | null;
	dgramRecvVec(): Uint8Array | null;
	dgramMaxWritableLen(): number | null;
	applicationProto(): Uint8Array;
	peerError(): { isApp: boolean; errorCode: number; reason: Uint8Array } | null;
}
interface ConnectionInternals {
	conn: NativeConnection;
	processStreams(): void;
	send(): Promise<void>;
	recv(data: Uint8Array, remoteInfo: unknown): Promise<void>;
}
interface SocketInternals {
	logger: { getChild(key: string): unknown; setLevel(level: number): void };
	connectionMap: { set(id: { toString(): string }, connection: QUICConnection): void };
}
interface ServerInternals {
	acceptConnection(remoteInfo: unknown, header: unknown, dcid: { toString(): string }, data: Uint8Array): Promise<unknown>;
}

const internals = (c: QUICConnection) => c as unknown as ConnectionInternals;

/** @matrixai/logger's WARN: the library logs every connection event at INFO. */
const LOG_WARN = 3;
/** TLS bad_certificate (42) in QUIC's crypto error range. */
const BAD_CERTIFICATE = 0x100 + 42;

const BASE_CONFIG = {
	// One UDP packet per JS round trip is the library's cost; bigger reads at least halve the stream work.
	readableChunkSize: 64 * 1024,
	initialMaxStreamsBidi: 1000,
	initialMaxStreamsUni: 1000,
	maxIdleTimeout: 30_000,
	keepAliveIntervalTime: 10_000,
	enableDgram: [true, 1024, 1024] as [boolean, number, number],
};

/** The library's (quiche's) default UDP payload size, safe on any path. */
const SAFE_UDP_PAYLOAD = 1350;
/** The largest UDP payload: on loopback nothing fragments, and every packet costs a JS round trip, so bigger packets
 * are several times faster there. quiche never sends more than the peer advertises, so browsers still get theirs. */
const LOOPBACK_UDP_PAYLOAD = 65527;

function isLoopback(host: string): boolean {
	return host === "::1" || host === "localhost" || /^127\./.test(host);
}

function udpPayload(host: string) {
	const size = isLoopback(host) ? LOOPBACK_UDP_PAYLOAD : SAFE_UDP_PAYLOAD;
	return { maxSendUdpPayloadSize: size, maxRecvUdpPayloadSize: size };
}

/** A live QUIC connection, either side. */
export class Link {
	readonly connection: QUICConnection;
	/** The negotiated ALPN. */
	readonly alpn: string;
	/** Fulfills once the connection is gone: with the application close code and reason when either side closed it
	 * with one, undefined when it was lost (idle timeout, transport error). */
	readonly closed: Promise<{ code: number; reason: string } | undefined>;
	#onStream: ((stream: QUICStream) => void) | undefined;
	#early: QUICStream[] = [];
	#onDatagram: ((data: Uint8Array) => void) | undefined;
	readonly #stop: (code: number, reason: string) => Promise<void>;

	constructor(connection: QUICConnection, stop: (code: number, reason: string) => Promise<void>) {
		this.connection = connection;
		this.#stop = stop;
		this.alpn = Buffer.from(internals(connection).conn.applicationProto()).toString("latin1");
		connection.addEventListener(events.EventQUICConnectionStream.name, (evt) => {
			const stream = (evt as events.EventQUICConnectionStream).detail;
			if (this.#onStream) this.#onStream(stream);
			else this.#early.push(stream);
		});
		this.closed = connection.closedP.then(() => {
			const error = internals(connection).conn.peerError() ?? connection.getConnectionError();
			return error?.isApp ? { code: error.errorCode, reason: Buffer.from(error.reason).toString("utf8") } : undefined;
		});
		datagramSinks.set(connection, (d) => this.#onDatagram?.(d));
	}

	/** Receives every stream the peer opens, including any that arrived before this was set. */
	onStream(handler: (stream: QUICStream) => void): void {
		this.#onStream = handler;
		for (const s of this.#early.splice(0)) handler(s);
	}

	openStream(type: "bidi" | "uni"): QUICStream {
		return this.connection.newStream(type);
	}

	onDatagram(handler: (data: Uint8Array) => void): void {
		this.#onDatagram = handler;
	}

	/** The largest datagram the peer accepts now (0 when it takes none). */
	get maxDatagramSize(): number {
		return internals(this.connection).conn.dgramMaxWritableLen() ?? 0;
	}

	/** Best effort, like QUIC datagrams themselves: dropped when too large or when the send queue is full. */
	sendDatagram(data: Uint8Array): void {
		try {
			internals(this.connection).conn.dgramSend(data);
		} catch {
			return;
		}
		void internals(this.connection).send().catch(() => {});
	}

	/** Closes with an application error code; resolves once the connection is gone. */
	close(code = 0, reason = ""): Promise<void> {
		return this.#stop(code, reason);
	}
}

/** Where each connection's incoming datagrams go (set by its Link). */
const datagramSinks = new WeakMap<QUICConnection, (data: Uint8Array) => void>();
/** Connections whose stream processing waits for the end of their start. */
const starting = new WeakSet<QUICConnection>();

/** Patches a connection as it is registered on one of our sockets, before it has processed any packet. */
function adopt(connection: QUICConnection): void {
	const inner = internals(connection);
	starting.add(connection);
	const processStreams = inner.processStreams.bind(connection);
	inner.processStreams = () => {
		if (!starting.has(connection)) processStreams();
	};
	const recv = inner.recv.bind(connection);
	inner.recv = async (data, remoteInfo) => {
		await recv(data, remoteInfo);
		const sink = datagramSinks.get(connection);
		for (let d = inner.conn.dgramRecvVec(); d !== null; d = inner.conn.dgramRecvVec()) sink?.(d);
	};
}

/** The connection finished its handshake: process the streams that arrived during it. */
function started(connection: QUICConnection): void {
	starting.delete(connection);
	internals(connection).processStreams();
	void internals(connection).send().catch(() => {});
}

/** Per socket: callbacks waiting for a connection id to be registered. */
type Registrations = Map<string, (connection: QUICConnection) => void>;

/** A socket whose connections get adopted, with the library's logging turned down to warnings. */
function ourSocket(): { socket: QUICSocket; logger: unknown; registrations: Registrations } {
	const socket = new QUICSocket({});
	const inner = socket as unknown as SocketInternals;
	inner.logger.setLevel(LOG_WARN);
	const registrations: Registrations = new Map();
	const map = inner.connectionMap;
	const set = map.set.bind(map);
	map.set = (id, connection) => {
		adopt(connection);
		set(id, connection);
		registrations.get(id.toString())?.(connection);
	};
	return { socket, logger: inner.logger, registrations };
}

/** Serializes the setup of a connection id: Initials arriving while it is being accepted wait, then follow it. */
function holdSplitInitials(server: QUICServer, registrations: Registrations): void {
	const inner = server as unknown as ServerInternals;
	const accept = inner.acceptConnection.bind(server);
	const held = new Map<string, [Uint8Array, unknown][]>();
	inner.acceptConnection = async (remoteInfo, header, dcid, data) => {
		const key = dcid.toString();
		const queue = held.get(key);
		if (queue) {
			queue.push([data, remoteInfo]);
			return undefined;
		}
		const packets: [Uint8Array, unknown][] = [];
		held.set(key, packets);
		// Replay the held packets once the connection exists, after the first packet that start() feeds it.
		registrations.set(key, (connection) =>
			setImmediate(() => {
				for (const [d, r] of packets.splice(0)) void internals(connection).recv(d, r).catch(() => {});
			}),
		);
		try {
			return await accept(remoteInfo, header, dcid, data);
		} finally {
			held.delete(key);
			registrations.delete(key);
		}
	};
}

export interface ListenOptions {
	host: string;
	port: number;
	cert: string;
	key: string;
	alpns: readonly string[];
	onConnection: (link: Link) => void;
}

export interface Listener {
	readonly host: string;
	readonly port: number;
	/** Closes every connection (code 0) and the socket. */
	close(): Promise<void>;
}

const hmac = (key: ArrayBuffer, data: ArrayBuffer) =>
	createHmac("sha256", Buffer.from(key)).update(Buffer.from(data)).digest();

export async function listen(options: ListenOptions): Promise<Listener> {
	const { socket, logger, registrations } = ourSocket();
	await socket.start({ host: options.host, port: options.port });
	const server = new QUICServer({
		socket,
		logger: logger as never,
		// HMAC over retry tokens and connection ids, with a key that lives as long as the server.
		crypto: {
			key: randomBytes(32).buffer as ArrayBuffer,
			ops: {
				sign: async (key, data) => {
					const mac = hmac(key, data);
					return mac.buffer.slice(mac.byteOffset, mac.byteOffset + mac.byteLength) as ArrayBuffer;
				},
				verify: async (key, data, sig) => {
					const mac = hmac(key, data);
					const given = Buffer.from(sig);
					return given.length === mac.length && timingSafeEqual(given, mac);
				},
			},
		},
		config: { ...BASE_CONFIG, ...udpPayload(options.host), key: options.key, cert: options.cert, applicationProtos: [...options.alpns], verifyPeer: false },
		reasonToCode,
		codeToReason,
	});
	holdSplitInitials(server, registrations);
	server.addEventListener(events.EventQUICServerConnection.name, (evt) => {
		const connection = (evt as events.EventQUICServerConnection).detail;
		const link = new Link(connection, (code, reason) =>
			connection.stop({ isApp: true, errorCode: code, reason: Buffer.from(reason), force: true }),
		);
		options.onConnection(link);
		started(connection);
	});
	await server.start({ host: options.host, port: options.port });
	return {
		host: socket.host,
		port: socket.port,
		close: async () => {
			await server.stop({ isApp: true, errorCode: 0, force: true });
			await socket.stop({ force: true });
		},
	};
}

export interface DialOptions {
	host: string;
	port: number;
	/** TLS server name (SNI); default the host. */
	serverName?: string;
	alpns: readonly string[];
	/** SHA-256 hashes of acceptable server certificates (DER). When absent, the certificate is verified against `ca`. */
	serverCertificateHashes?: readonly Uint8Array[];
	/** PEM CA certificates to verify the server with (when no hashes are given). */
	ca?: string;
	signal?: AbortSignal;
}

/** Accepts the server's leaf certificate when its SHA-256 is one of `hashes`. */
function pinned(hashes: readonly Uint8Array[]) {
	const wanted = new Set(hashes.map((h) => Buffer.from(h).toString("hex")));
	return async (certs: Uint8Array[]) => {
		const leaf = certs[0];
		const hash = leaf && createHash("sha256").update(leaf).digest("hex");
		return hash && wanted.has(hash) ? undefined : BAD_CERTIFICATE;
	};
}

export async function dial(options: DialOptions): Promise<Link> {
	options.signal?.throwIfAborted();
	const host = isIP(options.host) ? options.host : (await lookup(options.host)).address;
	const { socket, logger } = ourSocket();
	await socket.start({ host: isIP(host) === 6 ? "::" : "0.0.0.0", port: 0 });
	const hashes = options.serverCertificateHashes;
	try {
		options.signal?.throwIfAborted();
		const pending = QUICClient.createQUICClient(
			{
				host,
				port: options.port,
				serverName: options.serverName ?? options.host,
				socket,
				logger: logger as never,
				crypto: { ops: { // The library hands a Buffer despite its ArrayBuffer typing: fill it in place.
					randomBytes: async (data) => void randomFillSync(ArrayBuffer.isView(data) ? (data as unknown as Uint8Array) : new Uint8Array(data)) } },
				config: {
					...BASE_CONFIG,
					...udpPayload(host),
					applicationProtos: [...options.alpns],
					verifyPeer: true,
					...(hashes?.length ? { verifyCallback: pinned(hashes) } : {}),
					...(options.ca ? { ca: options.ca } : {}),
				},
				reasonToCode,
				codeToReason,
			},
			{ timer: 10_000 },
		);
		const abort = () => pending.cancel(options.signal?.reason);
		options.signal?.addEventListener("abort", abort, { once: true });
		const client = await pending.finally(() => options.signal?.removeEventListener("abort", abort));
		const link = new Link(client.connection, async (code, reason) => {
			await client.destroy({ isApp: true, errorCode: code, reason: Buffer.from(reason), force: true });
			await socket.stop({ force: true });
		});
		// A peer-initiated close ends the client too; free its socket then.
		void link.closed.then(() => (socket.closed ? undefined : socket.stop({ force: true }))).catch(() => {});
		started(client.connection);
		return link;
	} catch (err) {
		await socket.stop({ force: true }).catch(() => {});
		options.signal?.throwIfAborted();
		throw new TransportError(`QUIC connection to ${options.host}:${options.port} failed: ${(err as Error).message}`, {
			cause: err,
		});
	}
}
