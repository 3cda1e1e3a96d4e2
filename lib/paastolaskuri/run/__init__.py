"""The yearly run: plan (fingerprints), lock, calculate all partners, render notebooks, manifest."""
