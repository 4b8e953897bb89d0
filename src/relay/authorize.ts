// Token claims → a session's grant at the path it dialed (moq-relay 0.14 rules, relay-ops.md §1.2): the dialed
// path becomes the session root; grants below it are narrowed to it, grants covering it become "" (everything),
// a root below the dialed path is prefixed onto the grants; an unrelated path, or nothing left, is refused.
import { hasPrefix, joinPath, normalizePath, stripPrefix } from "../path.js";
import type { Grant } from "./grant.js";

/** What a token (or the public rules) grants: prefixes relative to `root`. */
export interface Claims {
	readonly root: string;
	readonly put: readonly string[];
	readonly get: readonly string[];
	/** Unix seconds. */
	readonly exp?: number;
}

/** A refusal, with the HTTP status the reference answers it with (a QUIC session is closed with 6 instead). */
export class AuthError extends Error {
	constructor(
		readonly status: 401 | 403,
		message: string,
	) {
		super(message);
	}
}

/** The grants of one role, seen from the dialed path. */
function scope(grants: readonly string[], root: string, path: string): string[] {
	const out = new Set<string>();
	for (const raw of grants) {
		const g = normalizePath(raw);
		const below = stripPrefix(path, root);
		if (below !== undefined) {
			// The path extends the root: a grant covering the whole path is "", one below it is narrowed.
			if (hasPrefix(below, g)) out.add("");
			else if (hasPrefix(g, below)) out.add(stripPrefix(g, below)!);
		} else {
			// The path is a parent of the root: the root's extra segments go in front of the grant.
			out.add(joinPath(stripPrefix(root, path)!, g));
		}
	}
	// "" covers everything else.
	return out.has("") ? [""] : [...out];
}

export function authorize(claims: Claims, dialed: string): Grant {
	const root = normalizePath(claims.root);
	const path = normalizePath(dialed);
	if (!hasPrefix(path, root) && !hasPrefix(root, path)) {
		throw new AuthError(401, `the token's root ${JSON.stringify(root)} does not cover the path ${JSON.stringify(path)}`);
	}
	const publish = scope(claims.put, root, path);
	const subscribe = scope(claims.get, root, path);
	if (!publish.length && !subscribe.length) throw new AuthError(401, `no publish or subscribe grant at ${JSON.stringify(path)}`);
	return { root: path, publish, subscribe, ...(claims.exp !== undefined ? { expires: claims.exp * 1000 } : {}) };
}
