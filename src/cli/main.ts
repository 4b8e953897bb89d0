#!/usr/bin/env node
// The `moqwire` command line.
import "../entry/node.js";
import { MoqError } from "../error.js";
import { decodeCommand, encodeCommand, KINDS, parseVersion } from "./hex.js";
import { serveCommand } from "./serve.js";
import { watchCommand } from "./watch.js";

const USAGE = `moqwire — moq-lite (Media over QUIC) tools

  moqwire serve [--bind HOST:PORT] [--upstream URL]     run a relay publishing demo/clock (default 127.0.0.1:4443),
                                                        linked to an upstream relay if given
  moqwire watch URL BROADCAST TRACK [--group N]          print a track's frames live (or one FETCHed group)
  moqwire encode <kind> '<json>' [--version 03|04|05]   print a message's wire bytes as hex
  moqwire decode <kind> '<hex>'  [--version 03|04|05]   print a message decoded from hex as JSON

kinds: ${KINDS.join(", ")}`;

function option(args: string[], name: string): string | undefined {
	const i = args.indexOf(name);
	if (i < 0) return undefined;
	const [, value] = args.splice(i, 2);
	return value;
}

// Piped into `head` and the like: a closed stdout ends the command quietly.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
	if (err.code === "EPIPE") process.exit(0);
	throw err;
});

async function main(argv: string[]): Promise<number> {
	const args = [...argv];
	const version = parseVersion(option(args, "--version"));
	const bind = option(args, "--bind");
	const upstream = option(args, "--upstream");
	const group = option(args, "--group");
	const [command, ...rest] = args;
	switch (command) {
		case "serve":
			return serveCommand(bind, upstream);
		case "watch":
			return watchCommand(rest[0], rest[1], rest[2], group);
		case "encode":
			console.log(encodeCommand(rest[0], rest[1], version));
			return 0;
		case "decode":
			console.log(decodeCommand(rest[0], rest[1], version));
			return 0;
		case undefined:
		case "help":
		case "--help":
			console.log(USAGE);
			return 0;
		default:
			console.error(`unknown command ${command}\n\n${USAGE}`);
			return 2;
	}
}

main(process.argv.slice(2)).then(
	(code) => (process.exitCode = code),
	(err: unknown) => {
		console.error(err instanceof MoqError ? `error ${err.code} (${err.name}): ${err.message}` : `error: ${(err as Error).message}`);
		process.exitCode = 1;
	},
);
