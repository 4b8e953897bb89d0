// Loaded with --import: makes @matrixai/quic fail to resolve, as on a platform with no binary published for it.
import { register } from "node:module";

register(
	"data:text/javascript,export async function resolve(s, c, next) { if (s.startsWith('@matrixai/quic')) throw new Error('no @matrixai/quic binary for this platform'); return next(s, c); }",
);
