// Making keys and tokens the way the reference's moq-token does (relay-ops.md §1.4, §1.10): JWKs with alg and kid,
// tokens with root/put/get/iat/exp in that order, header {alg, typ: "JWT", kid}.
import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import type { Algorithm, Key } from "./keys.js";

export interface TokenClaims {
	root: string;
	put?: string[];
	get?: string[];
	iat?: number;
	exp?: number;
}

const CURVES: Partial<Record<Algorithm, string>> = { ES256: "P-256", ES384: "P-384", EdDSA: "Ed25519" };

/** A new private key (with `kid`, or 16 random hex digits) and, for asymmetric algorithms, its public half. */
export async function generateKey(alg: Algorithm, kid = randomBytes(8).toString("hex")): Promise<{ private: JWK; public: JWK | undefined }> {
	if (alg.startsWith("HS")) {
		// 32, 48 or 64 bytes, as the hash's size.
		const k = randomBytes(Number(alg.slice(2)) / 8).toString("base64url");
		return { private: { kty: "oct", alg, k, kid, key_ops: ["sign", "verify"] }, public: undefined };
	}
	const crv = CURVES[alg];
	const pair = await generateKeyPair(alg, { extractable: true, ...(crv ? { crv } : {}), ...(alg.startsWith("RS") || alg.startsWith("PS") ? { modulusLength: 2048 } : {}) });
	const priv = await exportJWK(pair.privateKey);
	const pub = await exportJWK(pair.publicKey);
	return { private: { ...priv, alg, kid, key_ops: ["sign", "verify"] }, public: { ...pub, alg, kid, key_ops: ["verify"] } };
}

export async function signToken(key: Key, claims: TokenClaims): Promise<string> {
	if (!claims.put?.length && !claims.get?.length) throw new Error("a token must grant publish or subscribe (or both)");
	// Claim order as the reference writes it, so HS256 tokens match byte for byte.
	const payload: Record<string, unknown> = { root: claims.root };
	if (claims.put) payload.put = claims.put;
	if (claims.get) payload.get = claims.get;
	if (claims.iat !== undefined) payload.iat = claims.iat;
	if (claims.exp !== undefined) payload.exp = claims.exp;
	return new SignJWT(payload).setProtectedHeader({ alg: key.alg, typ: "JWT", ...(key.kid ? { kid: key.kid } : {}) }).sign(key.key);
}
