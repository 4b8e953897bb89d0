// JWK key files as moq-token writes them (relay-ops.md §1.4): plain JSON or unpadded base64url of that JSON; `alg`
// required, `kty` defaulting to oct, `kid` of [A-Za-z0-9_-]{1,128}, an oct secret of at least 32 bytes.
import { type CryptoKey, importJWK, type JWK } from "jose";

export const ALGORITHMS = ["HS256", "HS384", "HS512", "ES256", "ES384", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA"] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

const KID = /^[A-Za-z0-9_-]{1,128}$/;

export interface Key {
	readonly jwk: JWK & { alg: Algorithm };
	readonly alg: Algorithm;
	readonly kid: string | undefined;
	/** For jose's sign/verify. */
	readonly key: CryptoKey | Uint8Array;
}

export function isKeyId(kid: string): boolean {
	return KID.test(kid);
}

/** Parses a key file's text; `where` names it in errors. */
export function parseJwk(text: string, where: string): JWK & { alg: Algorithm } {
	const trimmed = text.trim();
	let jwk: JWK;
	try {
		jwk = JSON.parse(trimmed.startsWith("{") ? trimmed : Buffer.from(trimmed, "base64url").toString("utf8")) as JWK;
	} catch {
		throw new Error(`${where}: not a JWK (JSON, or base64url of JSON)`);
	}
	if (typeof jwk !== "object" || jwk === null) throw new Error(`${where}: not a JWK object`);
	if (!ALGORITHMS.includes(jwk.alg as Algorithm)) throw new Error(`${where}: alg must be one of ${ALGORITHMS.join(", ")}, got ${JSON.stringify(jwk.alg)}`);
	if (jwk.kid !== undefined && !isKeyId(jwk.kid)) throw new Error(`${where}: kid must match [A-Za-z0-9_-]{1,128}`);
	const kty = jwk.kty ?? "oct";
	if (kty === "oct" && Buffer.from(jwk.k ?? "", "base64url").byteLength < 32) throw new Error(`${where}: an oct key needs at least 32 bytes of k`);
	return { ...jwk, kty } as JWK & { alg: Algorithm };
}

export async function importKey(jwk: JWK & { alg: Algorithm }, where: string): Promise<Key> {
	try {
		// key_ops is informational to us; jose would refuse a JWK whose key_ops lack the operation's name.
		const { key_ops: _ops, ...bare } = jwk;
		return { jwk, alg: jwk.alg, kid: jwk.kid, key: await importJWK(bare, jwk.alg) };
	} catch (err) {
		throw new Error(`${where}: ${(err as Error).message}`);
	}
}
