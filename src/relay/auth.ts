// Who may do what on the relay, by moq-relay 0.14's rules (relay-ops.md §1): a JWT in ?jwt= verified against one
// key file or a {kid}.jwk directory (read per connection, so keys rotate without a restart), or, with no JWT, the
// public prefixes. A JWT never falls back to the public rules; with nothing configured the relay is open.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { type Claims, AuthError, authorize } from "./authorize.js";
import type { Grant } from "./grant.js";
import { importKey, isKeyId, type Key, parseJwk } from "./keys.js";

export interface AuthConfig {
	/** One key file (JSON or base64url JWK); the token's kid is ignored. */
	readonly key?: string;
	/** A directory of {kid}.jwk files; tokens must name their kid. */
	readonly keyDir?: string;
	/** Prefixes open to clients without a token ("" = everything). */
	readonly public?: readonly string[];
}

/** The token of a request URL: the last non-empty ?jwt= (an empty one means none). */
export function tokenOf(url: URL): string | undefined {
	const all = url.searchParams.getAll("jwt");
	const last = all[all.length - 1];
	return last ? last : undefined;
}

function strings(value: unknown, name: string): string[] {
	if (value === undefined) return [];
	if (typeof value === "string") return [value];
	if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value;
	throw new AuthError(401, `token claim ${name} must be a string or a list of strings`);
}

export class Auth {
	readonly #single: Key | undefined;
	readonly #dir: string | undefined;
	readonly #public: readonly string[] | undefined;
	/** Nothing configured: everyone may publish and subscribe everything. */
	readonly open: boolean;

	private constructor(single: Key | undefined, dir: string | undefined, pub: readonly string[] | undefined) {
		this.#single = single;
		this.#dir = dir;
		this.open = !single && !dir && !pub?.length;
		this.#public = this.open ? [""] : pub;
	}

	/** Reads the key file now, so a bad one stops the start rather than every connection. */
	static async load(config: AuthConfig): Promise<Auth> {
		if (config.key && config.keyDir) throw new Error("give --auth-key or --auth-key-dir, not both");
		const single = config.key ? await importKey(parseJwk(await readFile(config.key, "utf8"), config.key), config.key) : undefined;
		return new Auth(single, config.keyDir, config.public?.length ? config.public : undefined);
	}

	/** The grant of a session (or HTTP request) at `path` carrying `jwt`; AuthError when refused. */
	async grant(path: string, jwt: string | undefined): Promise<Grant> {
		if (jwt === undefined) {
			if (!this.#public) throw new AuthError(401, "a token is required (?jwt=)");
			return authorize({ root: "", put: this.#public, get: this.#public }, path);
		}
		if (!this.#single && !this.#dir) throw new AuthError(401, "this relay verifies no tokens, yet one was given");
		return authorize(await this.#verify(jwt), path);
	}

	async #key(jwt: string): Promise<Key> {
		if (this.#single) return this.#single;
		let kid: unknown;
		try {
			kid = decodeProtectedHeader(jwt).kid;
		} catch {
			throw new AuthError(401, "the token is not a JWT");
		}
		if (typeof kid !== "string" || !isKeyId(kid)) throw new AuthError(401, "the token names no valid kid, which --auth-key-dir needs");
		const file = join(this.#dir!, `${kid}.jwk`);
		let text: string;
		try {
			text = await readFile(file, "utf8");
		} catch {
			throw new AuthError(401, `no key ${kid}`);
		}
		try {
			return await importKey(parseJwk(text, file), file);
		} catch (err) {
			throw new AuthError(401, `key ${kid} is unusable: ${(err as Error).message}`);
		}
	}

	async #verify(jwt: string): Promise<Claims> {
		return verifyToken(await this.#key(jwt), jwt);
	}
}

/** A token's claims, verified with `key` (its algorithm pinned); AuthError when it does not verify or is malformed. */
export async function verifyToken(key: Key, jwt: string): Promise<Claims> {
	let payload: Record<string, unknown>;
	try {
		({ payload } = await jwtVerify(jwt, key.key, { algorithms: [key.alg] }));
	} catch (err) {
		const code = (err as { code?: string }).code;
		throw new AuthError(401, code === "ERR_JWT_EXPIRED" ? "the token has expired" : `the token does not verify: ${(err as Error).message}`);
	}
	if (payload.aud !== undefined) throw new AuthError(401, "tokens with an audience (aud) are refused");
	if (payload.root !== undefined && typeof payload.root !== "string") throw new AuthError(401, "token claim root must be a string");
	return {
		root: (payload.root as string | undefined) ?? "",
		put: strings(payload.put, "put"),
		get: strings(payload.get, "get"),
		...(typeof payload.exp === "number" ? { exp: payload.exp } : {}),
	};
}
