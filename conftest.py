"""Root conftest: enables pytester so the plugin can be tested in throw-away projects."""

pytest_plugins = ["pytester"]
