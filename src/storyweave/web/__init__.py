"""The web UI and JSON API over a store (`storyweave serve`): thin views over the Workspace,
each rendered as an HTML page and as JSON."""
