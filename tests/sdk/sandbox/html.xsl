<?xml version="1.0" encoding="UTF-8"?>
<!-- Named like a built-in stylesheet: the plugin's own is found first. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="/">the plugin's html.xsl&#10;</xsl:template>
</xsl:stylesheet>
