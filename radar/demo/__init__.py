"""Sample sites and profiles bundled for `radar demo`, and the local server that serves them."""
