#!/usr/bin/env node
// extract.mjs mupdf|pdfium|pdfium-chrome FILE.pdf: prints the text of
// every page as MuPDF.js (mupdf 1.28: the structured text, as its viewer
// copies it) or PDFium (@hyzyla/pdfium: FPDFText_GetText) gives it, for
// bench/hyphen/run. pdfium-chrome also does what Chrome's PDF viewer does
// to PDFium's text before copying (FormatStringWithHyphens in Chromium's
// pdf/): it erases U+FFFE, PDFium's mark for a hyphen at a line end, with
// the line break after it. pdf.js is tests/js/extract.mjs.
import { readFile } from "node:fs/promises";

const [which, file] = process.argv.slice(2);
if (!file || !["mupdf", "pdfium", "pdfium-chrome"].includes(which)) {
	process.stderr.write("usage: node extract.mjs mupdf|pdfium|pdfium-chrome FILE.pdf\n");
	process.exit(2);
}
const data = new Uint8Array(await readFile(file));
const out = [];
if (which === "mupdf") {
	const mupdf = await import("mupdf");
	const doc = mupdf.Document.openDocument(data, "application/pdf");
	for (let i = 0; i < doc.countPages(); i++)
		out.push(doc.loadPage(i).toStructuredText("preserve-whitespace").asText());
} else {
	const { PDFiumLibrary } = await import("@hyzyla/pdfium");
	const lib = await PDFiumLibrary.init();
	const doc = await lib.loadDocument(data);
	for (const page of doc.pages()) {
		const text = page.getText();
		out.push((which === "pdfium" ? text : text.replace(/\ufffe(\r?\n)?/g, "")) + "\n");
	}
	doc.destroy();
	lib.destroy();
}
process.stdout.write(out.join(""));
