// Work-arounds for @matrixai/quic 2.0.x, applied on sockets we own (so other users of the library are untouched):
// - Split ClientHello: after a Retry, Chromium sends its (post-quantum sized) ClientHello in two Initial packets.
//   The library creates a connection per Initial while the first is still being set up, and the handshake then
//   times out. We hold later Initials for a connection id until the first has registered its connection.
// - Early streams: a browser opens its HTTP/3 control and QPACK streams in the packets that complete the handshake,
//   while the library's connection is still "starting"; it then shuts those streams down or throws
//   InvalidStreamState. We defer stream processing until the connection has started.
// - Datagrams: quiche has them, the library's API has none; we drain them from its native connection after each
//   received packet (./link.ts sends them).
import { QUICConnection, QUICServer, QUICSocket } from "@matrixai/quic";
import { quiche } from "@matrixai/quic/native/index.js";
import { UnsupportedError } from "../../error.js";

/** The parts of the library's internals we drive (present in @matrixai/quic 2.0.x, absent from its typings). */
interface NativeConnection {
	dgramSend(data: Uint8Array): void | null;
	dgramRecvVec(): Uint8Array | null;
	dgramMaxWritableLen(): number | null;
	applicationProto(): Uint8Array;
	streamPriority(streamId: number, urgency: number, incremental: boolean): void;
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

/** The version package.json pins exactly: the members below are private and may change in any release. */
export const PATCHED_VERSION = "2.0.9";

/** Every private member we patch or call, by owner, checked before each socket is made. */
export const PATCHED_MEMBERS: readonly [owner: string, proto: object, members: readonly string[]][] = [
	["QUICConnection", QUICConnection.prototype, ["processStreams", "send", "recv"]],
	["QUICServer", QUICServer.prototype, ["acceptConnection"]],
	["quiche.Connection", (quiche.Connection as unknown as { prototype: object }).prototype, ["dgramSend", "dgramRecvVec", "dgramMaxWritableLen", "applicationProto", "streamPriority", "peerError"]],
];

/** The members of `list` missing from their owners, as "Owner.member". */
export function missingMembers(list = PATCHED_MEMBERS): string[] {
	return list.flatMap(([owner, proto, members]) =>
		members.filter((m) => typeof (proto as Record<string, unknown>)[m] !== "function").map((m) => `${owner}.${m}`),
	);
}

/** Fails with a clear error when the installed @matrixai/quic lacks a member the work-arounds rely on. */
export function assertPatchable(list = PATCHED_MEMBERS): void {
	const missing = missingMembers(list);
	if (missing.length > 0) {
		throw new UnsupportedError(
			`@matrixai/quic lacks ${missing.join(", ")}, which moqwire's QUIC work-arounds patch; install @matrixai/quic ${PATCHED_VERSION} exactly`,
		);
	}
}

export const internals = (c: QUICConnection) => c as unknown as ConnectionInternals;

/** @matrixai/logger's WARN: the library logs every connection event at INFO. */
const LOG_WARN = 3;

/** Where each connection's incoming datagrams go (set by its Link). */
export const datagramSinks = new WeakMap<QUICConnection, (data: Uint8Array) => void>();
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
export function started(connection: QUICConnection): void {
	starting.delete(connection);
	internals(connection).processStreams();
	void internals(connection).send().catch(() => {});
}

/** Per socket: callbacks waiting for a connection id to be registered. */
export type Registrations = Map<string, (connection: QUICConnection) => void>;

/** A socket whose connections get adopted, with the library's logging turned down to warnings. */
export function ourSocket(): { socket: QUICSocket; logger: unknown; registrations: Registrations } {
	// Checked per socket (a few property lookups), so no once-flag is kept in the module.
	assertPatchable();
	const socket = new QUICSocket({});
	const inner = socket as unknown as SocketInternals;
	if (typeof inner.connectionMap?.set !== "function" || typeof inner.logger?.setLevel !== "function") {
		throw new UnsupportedError(`@matrixai/quic's QUICSocket lacks connectionMap.set or logger.setLevel; install @matrixai/quic ${PATCHED_VERSION} exactly`);
	}
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
export function holdSplitInitials(server: QUICServer, registrations: Registrations): void {
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
