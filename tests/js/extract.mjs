#!/usr/bin/env node
// extract.mjs FILE.pdf: prints the text pdf.js gives a reader who selects
// all and copies in Firefox. The viewer's text layer is one span per
// getTextContent() item (its `str`) with a line break after each item that
// has `hasEOL`; copying concatenates them as they are, so no space is
// invented here: a word gap survives only if pdf.js itself emitted it.
import { readFile } from "node:fs/promises";

// pdf.js warns on stdout, at load time, about the canvas package it would
// render with; text extraction needs none, and stdout is the text.
console.log = console.warn = () => {};
const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");

const file = process.argv[2];
if (!file) {
	process.stderr.write("usage: node extract.mjs FILE.pdf\n");
	process.exit(2);
}
const data = new Uint8Array(await readFile(file));
const doc = await pdfjs.getDocument({ data, verbosity: 0, isEvalSupported: false }).promise;
const out = [];
for (let n = 1; n <= doc.numPages; n++) {
	const page = await doc.getPage(n);
	const content = await page.getTextContent();
	for (const item of content.items) {
		if (typeof item.str !== "string") continue;
		out.push(item.str);
		if (item.hasEOL) out.push("\n");
	}
	out.push("\n");
	page.cleanup();
}
await doc.destroy();
process.stdout.write(out.join(""));
