<?xml version="1.0" encoding="UTF-8"?>
<!-- Tries to write a second file with XSLT 1.1's xsl:document. -->
<xsl:stylesheet version="1.1" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:param name="out"/>
  <xsl:template match="/">
    <xsl:document href="{$out}" method="text">written by xsl:document</xsl:document>
    <xsl:text>done&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
