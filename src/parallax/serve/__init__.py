"""serve stage: REST API, web UI and the HTML briefing over the store."""
from parallax.serve.app import create_app

__all__ = ["create_app"]
