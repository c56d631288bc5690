<?xml version="1.0" encoding="UTF-8"?>
<!-- Tries to write a second file with EXSLT's exsl:document. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:param name="out"/>
  <xsl:template match="/">
    <exsl:document href="{$out}" method="text">written by exsl:document</exsl:document>
    <xsl:text>done&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
