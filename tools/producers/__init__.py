"""Other-producer bulletin inputs (Word/LibreOffice, GB/T 9704 公文, web page/Chromium) from specs."""
