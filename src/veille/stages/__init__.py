"""Pipeline stages, one module each; each reads earlier layers of the Document and adds its own."""
