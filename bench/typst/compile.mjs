#!/usr/bin/env node
// compile.mjs IN.typ OUT.pdf FONTDIR...: typesets IN.typ with Typst (the
// typst.ts node compiler pinned in package.json) into OUT.pdf, finding
// fonts only in the FONTDIRs (bench/typeset passes the folders of the
// faces our PDF uses, so both set the same fonts). Prints the seconds the
// compile and the export took. Exits 1 on a Typst error.
import { readFileSync, writeFileSync } from "node:fs";
import { NodeCompiler } from "@myriaddreamin/typst-ts-node-compiler";

const [input, output, ...fontPaths] = process.argv.slice(2);
if (!input || !output) {
	process.stderr.write("usage: node compile.mjs IN.typ OUT.pdf FONTDIR...\n");
	process.exit(2);
}
const compiler = NodeCompiler.create({ fontArgs: [{ fontPaths }] });
const start = process.hrtime.bigint();
const result = compiler.compile({ mainFileContent: readFileSync(input, "utf8") });
const doc = result.result;
if (!doc || result.hasError()) {
	result.printErrors();
	process.exit(1);
}
const pdf = compiler.pdf(doc, { creationTimestamp: 0 });
const secs = Number(process.hrtime.bigint() - start) / 1e9;
writeFileSync(output, pdf);
process.stdout.write(`${secs.toFixed(2)}\n`);
