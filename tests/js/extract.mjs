#!/usr/bin/env node
// extract.mjs [--with=pdfjs|mupdf|pdfium] FILE.pdf: prints the text one PDF
// engine gives a reader who copies everything (extractors.mjs says how
// each is read); pdf.js, as Firefox copies, unless --with names another.
//
// extract.mjs --all OUTDIR FILE.pdf...: writes OUTDIR/NAME.EXTRACTOR.txt
// for every file and all three engines, in one process (starting node
// and loading the engines once is most of the time on a short PDF).
import { readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { extractors } from "./extractors.mjs";

const args = process.argv.slice(2);
if (args[0] === "--all") {
	const [, dir, ...files] = args;
	if (!dir || files.length === 0) {
		process.stderr.write("usage: node extract.mjs --all OUTDIR FILE.pdf...\n");
		process.exit(2);
	}
	for (const file of files) {
		const data = await readFile(file);
		const name = basename(file, ".pdf");
		for (const [key, fn] of Object.entries(extractors))
			await writeFile(`${dir}/${name}.${key}.txt`, await fn(data));
	}
	process.exit(0);
}
let which = "pdfjs";
if (args[0] && args[0].startsWith("--with=")) which = args.shift().slice("--with=".length);
const file = args[0];
if (!file || !extractors[which]) {
	process.stderr.write("usage: node extract.mjs [--with=pdfjs|mupdf|pdfium] FILE.pdf\n");
	process.exit(2);
}
process.stdout.write(await extractors[which](await readFile(file)));
