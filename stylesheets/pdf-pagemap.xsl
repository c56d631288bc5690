<?xml version="1.0" encoding="UTF-8"?>
<!--
  pdf-pagemap.xsl: pdf.xsl for a page map (plugins/pdf/pdf.c,
  pdf_page_map): the same vocabulary, but each piece of the article's
  text copied into it is wrapped in <t key="..."> naming its text node
  (cv:node-key), so that the plugin finds where in the article each page
  begins (plugins/pdf/pagemap.c). The PDF itself never reads this: its
  vocabulary, and so its bytes and time, are pdf.xsl's alone.

  A listing's or inline code's text, which pdf.xsl copies as one string,
  is wrapped text node by text node too (mode verbatim).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:cv="urn:x-convert:xslt"
    exclude-result-prefixes="cv">

  <xsl:import href="pdf.xsl"/>

  <xsl:template match="text()">
    <t key="{cv:node-key()}"><xsl:value-of select="."/></t>
  </xsl:template>

  <xsl:template match="*" mode="verbatim">
    <xsl:apply-templates select=".//text()"/>
  </xsl:template>

</xsl:stylesheet>
