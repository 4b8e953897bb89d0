// Self-signed ECDSA P-256 certificates for QUIC servers that were given none. Browsers accept such a certificate
// through `serverCertificateHashes` only when it is valid for at most 14 days, so that is our ceiling.
import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { isIP } from "node:net";
import { bitString, boolean, explicit, implicit, integer, octetString, oid, sequence, set, utcTime, utf8String } from "./asn1.js";

export interface Certificate {
	/** PEM certificate (chain), leaf first. */
	readonly cert: string;
	/** PEM private key. */
	readonly key: string;
	/** SHA-256 of the leaf certificate's DER: what a client passes as `serverCertificateHashes`. */
	readonly sha256: Uint8Array;
}

export interface GenerateOptions {
	/** Names the certificate is for (DNS names or IP literals). Default: localhost, 127.0.0.1, ::1. */
	names?: readonly string[];
	/** Validity in days, at most 14 (the WebTransport `serverCertificateHashes` rule). Default 13. */
	days?: number;
}

const DAY_MS = 86_400_000;
/** WebTransport rejects hash-pinned certificates valid for longer than this. */
export const MAX_PINNED_DAYS = 14;

const ECDSA_WITH_SHA256 = sequence(oid("1.2.840.10045.4.3.2"));

function pem(label: string, der: Uint8Array): string {
	const lines = Buffer.from(der).toString("base64").match(/.{1,64}/g) ?? [];
	return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

function ipBytes(ip: string): Uint8Array {
	if (isIP(ip) === 4) return Uint8Array.from(ip.split(".").map(Number));
	// IPv6: expand "::" and write eight 16-bit groups.
	const [head = "", tail = ""] = ip.split("::");
	const h = head ? head.split(":") : [];
	const t = ip.includes("::") && tail ? tail.split(":") : [];
	const groups = ip.includes("::") ? [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t] : h;
	const out = new Uint8Array(16);
	groups.forEach((g, i) => {
		const v = parseInt(g, 16);
		out[2 * i] = v >> 8;
		out[2 * i + 1] = v & 0xff;
	});
	return out;
}

/** GeneralName: dNSName [2] or iPAddress [7]. */
const generalName = (name: string) => (isIP(name) ? implicit(7, ipBytes(name)) : implicit(2, Buffer.from(name, "ascii")));

/** Generates a key pair and a self-signed leaf certificate (CA:FALSE, so rustls-based peers accept it too). */
export function generateCertificate(options: GenerateOptions = {}): Certificate {
	const names = options.names ?? ["localhost", "127.0.0.1", "::1"];
	const days = options.days ?? MAX_PINNED_DAYS - 1;
	if (!(days > 0 && days <= MAX_PINNED_DAYS)) throw new RangeError(`certificate validity must be 0 < days <= ${MAX_PINNED_DAYS}`);
	const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
	// A minute of slack for peers whose clocks run a little behind ours; the total span stays within `days`.
	const notBefore = new Date(Date.now() - 60_000);
	const notAfter = new Date(notBefore.getTime() + days * DAY_MS);
	const subject = sequence(set(sequence(oid("2.5.4.3"), utf8String(names[0] ?? "moqwire"))));
	const extensions = explicit(
		3,
		sequence(
			sequence(oid("2.5.29.17"), octetString(sequence(...names.map(generalName)))),
			sequence(oid("2.5.29.19"), boolean(true), octetString(sequence())),
		),
	);
	const tbs = sequence(
		explicit(0, integer(Uint8Array.of(2))),
		integer(randomBytes(16)),
		ECDSA_WITH_SHA256,
		subject,
		sequence(utcTime(notBefore), utcTime(notAfter)),
		subject,
		publicKey.export({ type: "spki", format: "der" }),
		extensions,
	);
	const der = sequence(tbs, ECDSA_WITH_SHA256, bitString(sign("sha256", tbs, privateKey)));
	return {
		cert: pem("CERTIFICATE", der),
		key: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
		sha256: createHash("sha256").update(der).digest(),
	};
}

/** SHA-256 of the first certificate in a PEM chain. */
export function certificateHash(certPem: string): Uint8Array {
	const body = /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/.exec(certPem)?.[1];
	if (!body) throw new TypeError("no PEM certificate found");
	return createHash("sha256").update(Buffer.from(body.replace(/\s+/g, ""), "base64")).digest();
}
