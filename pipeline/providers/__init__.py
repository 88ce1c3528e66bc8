"""Chat models over httpx, the error taxonomy, per-agent routing, and the loopback fake server."""
