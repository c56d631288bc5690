// extractors.mjs: the text three PDF engines give back from a PDF, as a
// reader of each would copy it. Each function takes the file's bytes and
// returns one string, pages separated by a line break; nothing is
// invented between the engine's items (a word gap survives only where the
// engine itself gave one).
//
//   pdfjs:  pdf.js 4 (Firefox's viewer): each getTextContent() item's
//           `str`, a line break after items with `hasEOL`, as the text
//           layer copies after select-all.
//   mupdf:  MuPDF 1.28 (MuPDF.js; what PyMuPDF and SumatraPDF users run):
//           each page's structured text as text.
//   pdfium: PDFium (Chrome's PDF viewer, through @hyzyla/pdfium): each
//           page's getText().
// Versions are pinned in package.json.

// pdf.js warns on stdout, at load time, about the canvas package it would
// render with; text extraction needs none, and stdout is the text.
const quiet = () => {};

export async function pdfjs(data) {
	const log = console.log;
	console.log = console.warn = quiet;
	const lib = await import("pdfjs-dist/legacy/build/pdf.mjs");
	console.log = log;
	const doc = await lib.getDocument({ data: new Uint8Array(data), verbosity: 0, isEvalSupported: false }).promise;
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
	return out.join("");
}

export async function mupdf(data) {
	const lib = await import("mupdf");
	const doc = lib.Document.openDocument(new Uint8Array(data), "application/pdf");
	const out = [];
	for (let n = 0; n < doc.countPages(); n++) {
		const page = doc.loadPage(n);
		const text = page.toStructuredText();
		out.push(text.asText(), "\n");
		text.destroy();
		page.destroy();
	}
	doc.destroy();
	return out.join("");
}

let pdfiumLibrary = null;

export async function pdfium(data) {
	if (!pdfiumLibrary) {
		const { PDFiumLibrary } = await import("@hyzyla/pdfium");
		pdfiumLibrary = await PDFiumLibrary.init();
	}
	const doc = await pdfiumLibrary.loadDocument(new Uint8Array(data));
	const out = [];
	for (const page of doc.pages())
		out.push(page.getText(), "\n");
	doc.destroy();
	return out.join("");
}

export const extractors = { pdfjs, mupdf, pdfium };
