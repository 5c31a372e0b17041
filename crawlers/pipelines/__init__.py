"""Item pipelines, in order: normalize (100) -> validate (200) -> dedupe (300) -> store (400)."""
