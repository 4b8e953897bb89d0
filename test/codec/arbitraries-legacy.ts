// fast-check arbitraries for the moq-lite-01/02 messages (moq-lite-versions §3), over the canonical domain: every
// value encodes and decodes back equal. Fields 01/02 cannot carry hold their decoded neutral value (SUBSCRIBE:
// unordered, max latency 0, no bounds; SUBSCRIBE_OK on 02: priority 0). Setup parameters keep their wire order.
import fc from "fast-check";
import { type AnyMessageKind, type AnyMessageMap, type LegacyParameter, Version } from "../../src/codec/index.js";
import { path, u53, u62, u8, text } from "./arbitraries.js";

const isEven = (id: number | bigint) => (typeof id === "number" ? id % 2 === 0 : id % 2n === 0n);

/** Draft-14 parameters: even ids hold a varint, odd ids bytes; ids unique, in any order. */
const parameters: fc.Arbitrary<LegacyParameter[]> = fc
	.uniqueArray(u62, { maxLength: 8, selector: (id) => String(id) })
	.chain((ids) => fc.tuple(...ids.map((id) => (isEven(id) ? u62 : fc.uint8Array({ maxLength: 24 })).map((value) => ({ id, value })))));

const legacySetup: fc.Arbitrary<AnyMessageMap["legacySetup"]> = fc.oneof(
	fc.record({ type: fc.constant("client" as const), versions: fc.array(u62, { maxLength: 64 }), parameters }),
	fc.record({ type: fc.constant("server" as const), version: u62, parameters }),
);

const neutral = { ordered: fc.constant(false), maxLatency: fc.constant(0) };

/** The kinds that travel on 01/02, and what each may hold there. */
export const LEGACY_ARBITRARIES: { readonly [K in AnyMessageKind]?: (v: Version) => fc.Arbitrary<AnyMessageMap[K]> } = {
	legacySetup: () => legacySetup,
	sessionInfo: () => fc.record({ bitrate: u53 }),
	announceRequest: () => fc.record({ prefix: path, excludeHop: fc.constant(0) }),
	announceInit: () => fc.record({ suffixes: fc.array(path, { maxLength: 40 }) }),
	announce: () => fc.record({ status: fc.constantFrom(0 as const, 1 as const), suffix: path, hops: fc.constant([]) }),
	subscribe: () => fc.record({ id: u62, broadcast: path, track: text(), priority: u8, ...neutral }),
	subscribeResponse: (v) => fc.record({ type: fc.constant("ok" as const), priority: v === Version.Lite01 ? u8 : fc.constant(0), ...neutral }),
	group: () => fc.record({ subscribeId: u62, sequence: u62 }),
};

export const LEGACY_VERSIONS: readonly Version[] = [Version.Lite01, Version.Lite02];
export const LEGACY_KINDS = Object.keys(LEGACY_ARBITRARIES) as AnyMessageKind[];
