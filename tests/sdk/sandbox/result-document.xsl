<?xml version="1.0" encoding="UTF-8"?>
<!-- Tries to write a second file with XSLT 2.0's xsl:result-document. -->
<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:param name="out"/>
  <xsl:template match="/">
    <xsl:result-document href="{$out}" method="text">written by xsl:result-document</xsl:result-document>
    <xsl:text>done&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
