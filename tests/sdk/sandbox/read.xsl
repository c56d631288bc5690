<?xml version="1.0" encoding="UTF-8"?>
<!-- Reads $href with document(), after its neighbour read-inc.xsl has
     been included: the text of what was read, or "nothing". -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:include href="read-inc.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:param name="href"/>
  <xsl:template match="/">
    <xsl:call-template name="included"/>
    <xsl:variable name="got" select="document($href)"/>
    <xsl:choose>
      <xsl:when test="$got"><xsl:value-of select="normalize-space($got)"/></xsl:when>
      <xsl:otherwise>nothing</xsl:otherwise>
    </xsl:choose>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
