// `moqwire token generate|sign|verify`: keys and tokens for the relay's --auth-key, like the reference's moq-token.
import { readFileSync, writeFileSync } from "node:fs";
import { verifyToken } from "../relay/auth.js";
import { authorize } from "../relay/authorize.js";
import { ALGORITHMS, type Algorithm, importKey, type Key, parseJwk } from "../relay/keys.js";
import { generateKey, signToken } from "../relay/token.js";
import { type Command, list, str, UsageError, type Values } from "./args.js";

/** A key file's text, or stdin for "-". */
function readText(file: string): string {
	try {
		return readFileSync(file === "-" ? 0 : file, "utf8");
	} catch (err) {
		throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
	}
}

async function loadKey(values: Values): Promise<Key> {
	const file = str(values, "key");
	if (!file) throw new UsageError("--key FILE is required");
	try {
		return await importKey(parseJwk(readText(file), file), file);
	} catch (err) {
		if (err instanceof UsageError) throw err;
		throw new UsageError((err as Error).message);
	}
}

function unix(values: Values, name: string): number | undefined {
	const v = str(values, name);
	if (v === undefined) return undefined;
	if (!/^\d+$/.test(v)) throw new UsageError(`--${name} wants unix seconds, got ${JSON.stringify(v)}`);
	return Number(v);
}

/** JSON, or with --base64 unpadded base64url of it (the Rust CLI's form); private keys are written 0600. */
function write(file: string | undefined, jwk: object, base64: boolean, mode: number): void {
	const json = JSON.stringify(jwk);
	const text = base64 ? Buffer.from(json).toString("base64url") : json;
	if (!file || file === "-") console.log(text);
	else writeFileSync(file, `${text}\n`, { mode });
}

export const tokenGenerateCommand: Command = {
	name: "token generate",
	args: "",
	summary: "make a new key (private JWK to --out or stdout; with an asymmetric algorithm, the public one to --public)",
	options: {
		algorithm: { type: "string", value: "ALG", description: `${ALGORITHMS.join(", ")} (default HS256)` },
		id: { type: "string", value: "KID", description: "key id (default 16 random hex digits)" },
		out: { type: "string", value: "FILE", description: "where the private key goes (default stdout)" },
		public: { type: "string", value: "FILE", description: "where the public key goes (asymmetric algorithms)" },
		base64: { type: "boolean", description: "write base64url instead of JSON" },
	},
	async run(values) {
		const alg = (str(values, "algorithm") ?? "HS256") as Algorithm;
		if (!ALGORITHMS.includes(alg)) throw new UsageError(`--algorithm must be one of ${ALGORITHMS.join(", ")}, got ${JSON.stringify(alg)}`);
		const key = await generateKey(alg, str(values, "id"));
		const base64 = values.base64 === true;
		write(str(values, "out"), key.private, base64, 0o600);
		const pub = str(values, "public");
		if (pub && !key.public) throw new UsageError(`${alg} is symmetric: the relay verifies with the same key`);
		if (pub) write(pub, key.public!, base64, 0o644);
		return 0;
	},
};

export const tokenSignCommand: Command = {
	name: "token sign",
	args: "",
	summary: "print a token signed with --key granting --publish/--subscribe prefixes below --root",
	options: {
		key: { type: "string", value: "FILE", description: "private key (JWK file, JSON or base64url; - for stdin)" },
		root: { type: "string", value: "PATH", description: "the path the grants are relative to (default \"\")" },
		publish: { type: "string", multiple: true, value: "PREFIX", description: "may publish under PREFIX (repeatable; \"\" = everything)" },
		subscribe: { type: "string", multiple: true, value: "PREFIX", description: "may subscribe under PREFIX (repeatable; \"\" = everything)" },
		expires: { type: "string", value: "UNIX", description: "expiry, unix seconds" },
		issued: { type: "string", value: "UNIX", description: "issued-at, unix seconds (default now)" },
	},
	async run(values) {
		const key = await loadKey(values);
		const put = list(values, "publish");
		const get = list(values, "subscribe");
		if (!put.length && !get.length) throw new UsageError("give --publish or --subscribe (or both): a token must grant something");
		const exp = unix(values, "expires");
		const token = await signToken(key, {
			root: str(values, "root") ?? "",
			...(put.length ? { put } : {}),
			...(get.length ? { get } : {}),
			iat: unix(values, "issued") ?? Math.floor(Date.now() / 1000),
			...(exp !== undefined ? { exp } : {}),
		});
		console.log(token);
		return 0;
	},
};

export const tokenVerifyCommand: Command = {
	name: "token verify",
	args: "",
	summary: "verify a token (from --in or stdin) and print its claims, or with --path the grant a relay gives there",
	options: {
		key: { type: "string", value: "FILE", description: "the key (JWK file, JSON or base64url)" },
		in: { type: "string", value: "FILE", description: "the token (default stdin)" },
		path: { type: "string", value: "PATH", description: "print the grant at this connect path instead" },
	},
	async run(values) {
		const key = await loadKey(values);
		const claims = await verifyToken(key, readText(str(values, "in") ?? "-").trim());
		const path = str(values, "path");
		console.log(JSON.stringify(path === undefined ? claims : authorize(claims, path)));
		return 0;
	},
};
