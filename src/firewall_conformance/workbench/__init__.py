"""The browser workbench (`firewall-conformance serve`): runs, new runs, comparison and
verification on server-rendered pages, for inspectors who do not use a terminal. It drives the
same library and command the CLI does; nothing here decides a verdict."""
