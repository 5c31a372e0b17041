"""Pure normalisers: free text from spiders turned into typed, filterable facts (no I/O)."""
