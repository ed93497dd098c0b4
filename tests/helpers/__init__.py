"""What the test modules share: source texts, the `genegraph` command and its servers, the
real-data kit, Redis, log capture, the client and browser tools. Test modules import from
here and from conftest.py, never from one another; the fixtures defined here are
registered in conftest.py (``pytest_plugins``)."""
