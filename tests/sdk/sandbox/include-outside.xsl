<?xml version="1.0" encoding="UTF-8"?>
<!-- Includes a file outside every stylesheets folder. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:include href="file:///etc/passwd"/>
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="/">done</xsl:template>
</xsl:stylesheet>
