#!/usr/bin/env node
// The Rust reference relay (moq-relay from crates.io) as a test peer: which versions are pinned, where their
// binaries live, and (run as a script) `cargo install` of each missing one into a cache folder later runs reuse.
//
//   node scripts/rust-peer.mjs [install]   install every pin that is not cached yet (npm run rust-peer)
//   node scripts/rust-peer.mjs path        print each pin's binary path and whether it is there
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Pinned builds. 0.17.10 is the newest published (offers moq-lite-06 first, accepts 05/04/03); the QUIC backend
 * (noq: WebTransport over HTTP/3 and raw QUIC ALPNs) and WebSocket (QMux) are the transports we share, so the
 * iroh, mDNS and unix-socket features are left out to save build time.
 */
export const PINS = [{ crate: "moq-relay", version: "0.17.10", features: ["noq", "websocket"] }];

/** `MOQWIRE_RUST_CACHE`, else ~/.cache/moqwire/rust. */
export function cacheDir() {
	return process.env.MOQWIRE_RUST_CACHE || join(homedir(), ".cache", "moqwire", "rust");
}

export function binaryPath(pin) {
	return join(cacheDir(), `${pin.crate}-${pin.version}`, "bin", pin.crate);
}

function cargo(args, cwd) {
	// Niced: the build shares the machine with everything else CI runs.
	const r = spawnSync("nice", ["-n", "10", "cargo", ...args], { cwd, encoding: "utf8", stdio: ["ignore", "inherit", "pipe"] });
	process.stderr.write(r.stderr ?? "");
	return { ok: r.status === 0, stderr: r.stderr ?? "" };
}

/** A locked dependency the registry does not serve (a mirror behind crates.io): `[name, version]`. */
function unservedLock(stderr) {
	const m = /failed to select a version for the requirement `([^ `]+) = [^`]*` \(locked to ([^)]+)\)/.exec(stderr);
	return m ? [m[1], m[2]] : undefined;
}

/** The crate source `cargo install` unpacked before it failed on the lock. */
function unpackedSource(pin) {
	const registry = join(process.env.CARGO_HOME || join(homedir(), ".cargo"), "registry", "src");
	for (const index of existsSync(registry) ? readdirSync(registry) : []) {
		const dir = join(registry, index, `${pin.crate}-${pin.version}`);
		if (existsSync(join(dir, "Cargo.lock"))) return dir;
	}
	throw new Error(`${pin.crate} ${pin.version}: no unpacked source under ${registry}`);
}

/**
 * `cargo install --locked` of the published crate. When the registry lacks a version its Cargo.lock names, the
 * install is retried from a copy of the crate whose lock moves only those packages to the newest version served
 * (`cargo update -p name@version`), each move printed; the build is still --locked to that lock.
 */
function install(pin) {
	const root = join(cacheDir(), `${pin.crate}-${pin.version}`);
	const features = ["--no-default-features", "--features", pin.features.join(",")];
	const common = ["install", "--locked", "-j", process.env.CARGO_BUILD_JOBS || "2", ...features, "--root", root];
	let r = cargo([...common, "--version", pin.version, pin.crate]);
	if (r.ok) return;
	let missing = unservedLock(r.stderr);
	if (!missing) throw new Error(`cargo install ${pin.crate}@${pin.version} failed (see above)`);
	const copy = mkdtempSync(join(tmpdir(), `${pin.crate}-${pin.version}-`));
	try {
		cpSync(unpackedSource(pin), copy, { recursive: true });
		for (let moves = 0; missing; moves++) {
			if (moves > 20) throw new Error(`${pin.crate} ${pin.version}: too many unserved locked packages`);
			console.log(`rust-peer: ${missing[0]} ${missing[1]} is not served by this registry; moving the lock to the newest served version`);
			if (!cargo(["update", "-p", `${missing[0]}@${missing[1]}`], copy).ok) throw new Error(`cargo update -p ${missing[0]}@${missing[1]} failed`);
			r = cargo(["fetch", "--locked"], copy);
			missing = r.ok ? undefined : unservedLock(r.stderr);
			if (!r.ok && !missing) throw new Error(`cargo fetch for ${pin.crate} ${pin.version} failed (see above)`);
		}
		if (!cargo([...common, "--path", copy], copy).ok) throw new Error(`cargo install ${pin.crate}@${pin.version} failed (see above)`);
	} finally {
		rmSync(copy, { recursive: true, force: true });
	}
}

function main(command = "install") {
	if (command === "path") {
		for (const pin of PINS) console.log(`${pin.crate} ${pin.version}: ${binaryPath(pin)}${existsSync(binaryPath(pin)) ? "" : " (not installed)"}`);
		return;
	}
	if (command !== "install") throw new Error(`unknown command "${command}" (commands: install, path)`);
	for (const pin of PINS) {
		const bin = binaryPath(pin);
		if (existsSync(bin)) {
			console.log(`rust-peer: ${pin.crate} ${pin.version} cached at ${bin}`);
			continue;
		}
		const start = Date.now();
		install(pin);
		const seconds = Math.round((Date.now() - start) / 1000);
		const mib = (statSync(bin).size / 2 ** 20).toFixed(1);
		console.log(`rust-peer: built ${pin.crate} ${pin.version} in ${seconds} s (${mib} MiB) at ${bin}`);
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	try {
		main(process.argv[2]);
	} catch (err) {
		console.error(`rust-peer: ${err instanceof Error ? err.message : String(err)}`);
		process.exit(1);
	}
}
