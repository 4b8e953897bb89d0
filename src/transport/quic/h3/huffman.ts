// Decoding of the HPACK/QPACK Huffman code (RFC 7541 Appendix B), which browsers use for most header strings.
// The code is canonical, so the table is just each symbol's code length (base 36, symbols 0..256, 256 = EOS);
// codes follow from the lengths. Only decoding: our own encoder writes literals without Huffman.

const LENGTHS =
	"dnsssssssoussussssssssusssssssss6aacd68baa8b8666555666666678f6cad67777777777777777777777878djde6f56565666577666567655677777fbedskmkkmmmnmnnnnnonoomnonnnnlmnmnnomlkmmnnlnmmolmnnllmlnmnnkmmmnmmnqqkjmnmpqqqrrqopjlqrrqrollqqsrrrkoklmllnmmppooqnqrqqrrrrrsrrrrrqu";
const EOS = 256;
const MAX_LENGTH = 30;

/** Canonical decoding tables: per code length, the first code, how many codes, and where its symbols start. */
const table = (() => {
	const lengths = [...LENGTHS].map((c) => parseInt(c, 36));
	const symbols = lengths.map((_, s) => s).sort((a, b) => (lengths[a] ?? 0) - (lengths[b] ?? 0) || a - b);
	const first = new Array<number>(MAX_LENGTH + 1).fill(0);
	const count = new Array<number>(MAX_LENGTH + 1).fill(0);
	const start = new Array<number>(MAX_LENGTH + 1).fill(0);
	for (const l of lengths) count[l] = (count[l] ?? 0) + 1;
	let code = 0;
	let index = 0;
	for (let l = 1; l <= MAX_LENGTH; l++) {
		first[l] = code;
		start[l] = index;
		code = (code + (count[l] ?? 0)) * 2;
		index += count[l] ?? 0;
	}
	return { symbols, first, count, start };
})();

export function huffmanDecode(bytes: Uint8Array): string {
	const out: number[] = [];
	let code = 0;
	let length = 0;
	for (const byte of bytes) {
		for (let bit = 7; bit >= 0; bit--) {
			code = code * 2 + ((byte >> bit) & 1);
			length++;
			const offset = code - (table.first[length] ?? 0);
			if (offset < (table.count[length] ?? 0)) {
				const symbol = table.symbols[(table.start[length] ?? 0) + offset] ?? EOS;
				if (symbol === EOS) throw new RangeError("EOS inside a Huffman string");
				out.push(symbol);
				code = 0;
				length = 0;
			} else if (length >= MAX_LENGTH) throw new RangeError("invalid Huffman code");
		}
	}
	// Padding: fewer than 8 bits, all ones (a prefix of EOS).
	if (length >= 8 || code !== 2 ** length - 1) throw new RangeError("invalid Huffman padding");
	return Buffer.from(out).toString("latin1");
}
