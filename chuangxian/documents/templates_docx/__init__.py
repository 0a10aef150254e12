"""The default Word template of an official notice (``notice.docx``) and the script that builds it."""
