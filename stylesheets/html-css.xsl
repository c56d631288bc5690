<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-css.xsl: the style sheet of the HTML page, kept as text in a named
  template so that html.xsl can write it inline into <style> (XSLT 1.0
  cannot read a plain .css file).

  Rules for editing it:
  - The page is serialised as XML, so "<", ">" and "&" here would come
    out escaped and break the CSS: do not use them (no child combinator;
    write "ul li", not "ul > li").
  - Logical properties only (margin-inline, padding-inline-start,
    border-inline-start, text-align: start/end, inset-inline-start): the
    same rules then serve left-to-right and right-to-left pages.
  - Arabic text gets Amiri (fonts-hosny-amiri), then Noto Naskh Arabic;
    Persian Noto Naskh Arabic, Urdu Noto Nastaliq Urdu, Hebrew Noto Serif
    Hebrew: the faces the PDF uses (docs/pdf-layout.md).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template name="html-css">
    <xsl:text>
:root {
  --ink: #1d1b18;
  --muted: #5f5a52;
  --rule: #d9d3c7;
  --accent: #8a2f0f;
  --paper: #fffdf8;
  --code-bg: #f3efe6;
  /* Faces without a generic family: one goes at the end of each list
     where they are used. Pango (WeasyPrint) resolves a generic family
     where it stands, so "serif" before Amiri set all Arabic in DejaVu
     Sans, the generic serif's fallback for Arabic. */
  --serif: "Noto Serif", "DejaVu Serif", Georgia, "Times New Roman";
  --arabic: Amiri, "Noto Naskh Arabic", "Noto Sans Arabic";
  --persian: "Noto Naskh Arabic", Amiri;
  --urdu: "Noto Nastaliq Urdu", "Noto Naskh Arabic";
  --hebrew: "Noto Serif Hebrew", "Noto Sans Hebrew";
  --mono: "Noto Sans Mono", "DejaVu Sans Mono", Menlo, Consolas;
}
html { background: var(--paper); color: var(--ink); line-height: 1.6; }
body {
  margin: 0;
  font-family: var(--serif), var(--arabic), serif;
  text-rendering: optimizeLegibility;
  font-kerning: normal;
}
/* Fonts follow the language: an element whose language (its own lang or
   its nearest ancestor's) is written in Arabic script gets the Arabic
   faces first, any other with a lang of its own the Latin ones. :lang(),
   not [lang]: the paragraphs of an Arabic page have no lang of their
   own, and the body's list put Latin faces before Amiri for them. :where()
   keeps these rules weaker than the code and pre fonts. */
:where([lang]) { font-family: var(--serif), var(--arabic), serif; }
:where(:lang(ar), :lang(fa), :lang(ur), :lang(ps), :lang(sd), :lang(ug), :lang(ckb)) {
  font-family: var(--arabic), var(--serif), serif;
}
:where(:lang(fa)) { font-family: var(--persian), var(--serif), serif; }
:where(:lang(ur)) { font-family: var(--urdu), var(--serif), serif; }
:where(:lang(he), :lang(yi)) { font-family: var(--hebrew), var(--serif), serif; }
/* Arabic script needs more room between lines for its descenders and
   dots; Nastaliq, whose words climb and descend diagonally, the 2.5 em of
   Noto Nastaliq Urdu's own line. */
html[lang|="ar"], html[lang|="fa"], html[lang|="ur"] { line-height: 1.9; }
:lang(ur) { line-height: 2.5; }
/* Numbered lists count in the language's digits, as the PDF's do:
   Arabic-Indic for Arabic, Extended Arabic-Indic ("persian") for Persian
   and Urdu, decimal for Hebrew. */
ol:lang(ar) { list-style-type: arabic-indic; }
ol:lang(fa), ol:lang(ur) { list-style-type: persian; }
.masthead, main, .colophon {
  max-width: 40rem;
  margin-inline: auto;
  padding-inline: 1.25rem;
}
.masthead { padding-block: 3rem 1rem; border-block-end: 1px solid var(--rule); }
main { padding-block: 1.5rem 2rem; }
h1, h2, h3, h4, h5, h6 { line-height: 1.3; margin-block: 1.6em 0.5em; font-weight: 700; }
h1 { font-size: 2.1rem; margin-block: 0 0.3em; }
h2 { font-size: 1.5rem; }
h3 { font-size: 1.25rem; }
h4, h5, h6 { font-size: 1.05rem; }
.subtitle { font-size: 1.2rem; color: var(--muted); margin-block: 0 1em; }
.byline, .published { color: var(--muted); margin-block: 0.2em; }
.abstract { margin-block: 1.5em 0.5em; font-size: 0.95rem; }
.abstract h2 { font-size: 1rem; margin-block: 0 0.3em; text-transform: uppercase; letter-spacing: 0.05em; }
.abstract:lang(ar) h2 { text-transform: none; letter-spacing: 0; }
p { margin-block: 0 1em; text-align: start; hyphens: auto; }
a { color: var(--accent); }
a.xref { text-decoration: none; border-block-end: 1px dotted var(--accent); }
sup, sub { line-height: 0; }
.noteref a { text-decoration: none; padding-inline: 0.1em; }
ul, ol { padding-inline-start: 1.6em; margin-block: 0 1em; }
li { margin-block: 0.2em; }
li p { margin-block: 0.3em; }
figure { margin-inline: 0; margin-block: 1.5em; }
figure img { display: block; max-width: 100%; height: auto; margin-inline: auto; }
figcaption { font-size: 0.9rem; color: var(--muted); margin-block-start: 0.5em; text-align: start; }
figcaption .label, caption .label { font-weight: 700; color: var(--ink); }
figure.quote { margin-inline: 1.5em 0; }
blockquote {
  margin: 0;
  padding-inline-start: 1em;
  border-inline-start: 3px solid var(--rule);
  font-style: italic;
}
blockquote:lang(ar) { font-style: normal; }
figure.quote figcaption { padding-inline-start: 1.2em; }
div.table { overflow-x: auto; margin-block: 1.5em; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
caption { caption-side: top; text-align: start; padding-block-end: 0.5em; color: var(--muted); }
th, td { padding: 0.35em 0.6em; border-block-end: 1px solid var(--rule); text-align: start; vertical-align: top; }
thead th { border-block-end: 2px solid var(--ink); }
.align-start { text-align: start; }
.align-center { text-align: center; }
.align-end { text-align: end; }
pre, code { font-family: var(--mono), var(--arabic), monospace; }
pre {
  background: var(--code-bg);
  padding: 0.8em 1em;
  overflow-x: auto;
  font-size: 0.85rem;
  line-height: 1.45;
  white-space: pre;
  tab-size: 4;
}
code { font-size: 0.9em; unicode-bidi: plaintext; }
.footnotes { margin-block-start: 3em; border-block-start: 1px solid var(--rule); font-size: 0.9rem; }
.footnotes h2 { font-size: 1rem; }
.backref { text-decoration: none; }
.colophon { padding-block: 1rem 3rem; border-block-start: 1px solid var(--rule); font-size: 0.85rem; color: var(--muted); }
.colophon dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; margin: 0; }
.colophon dt { font-weight: 700; }
.colophon dd { margin: 0; overflow-wrap: anywhere; }
.keywords { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 0.3em 0.8em; }
.keywords li { margin: 0; }
.rights { margin-block: 1em 0; }
@media print {
  html { background: none; }
  .masthead, main, .colophon { max-width: none; }
  a { color: inherit; }
  pre { white-space: pre-wrap; }
}
</xsl:text>
  </xsl:template>

</xsl:stylesheet>
