"""``seasonwatch serve``: the dashboard in a web browser, through textual-serve.

textual-serve runs a small web server; each browser tab that opens the page gets its
own ``seasonwatch dashboard`` process, whose screen is streamed over a websocket.
That process is started with this very Python and the config and data folder this
command resolved, so the browser shows exactly what ``seasonwatch`` would in a
terminal.

The server has no login. It listens on 127.0.0.1 unless told otherwise, and says so
loudly when told otherwise: anyone who can reach the port can use the dashboard
(read the news, mark items, poll feeds) as the user who started it.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from typing import Any

from ingest.commands import location
from ingest.config import Location

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    """True for names and addresses only this machine can reach."""
    if host.lower() in ("localhost", "localhost.localdomain", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def dashboard_command(loc: Location) -> str:
    """The shell command textual-serve runs for each browser session."""
    argv = [sys.executable, "-m", "tui.cli", "dashboard", "--data-dir", str(loc.data_dir)]
    if loc.config.path is not None:
        argv += ["--config", str(loc.config.path.resolve())]
    return shlex.join(argv)


def exposure_warning(host: str, port: int) -> str:
    """What to tell the user before serving on an address others can reach."""
    return (
        f"seasonwatch: WARNING: serving on {host}:{port}, which is not loopback.\n"
        "seasonwatch: WARNING: there is no password: anyone who can reach this port can\n"
        "seasonwatch: WARNING: use your dashboard (read, mark, poll) as you. Use the default\n"
        "seasonwatch: WARNING: (127.0.0.1) with an SSH tunnel unless you trust the network."
    )


def serve(args: argparse.Namespace) -> int:
    """Serve the dashboard until interrupted."""
    from textual_serve.server import Server  # here: textual-serve loads aiohttp and Rich

    loc = location(args)  # a bad config is reported now, not in every browser tab
    if not is_loopback(args.host):
        print(exposure_warning(args.host, args.port), file=sys.stderr, flush=True)
    options: dict[str, Any] = {"host": args.host, "port": args.port, "title": "seasonwatch"}
    if args.public_url:
        options["public_url"] = args.public_url.rstrip("/")
    Server(dashboard_command(loc), **options).serve()
    return 0


def add_command(sub: Any) -> None:
    """Register ``serve`` on the ``seasonwatch`` parser's subcommands."""
    command = sub.add_parser(
        "serve",
        help="the dashboard in a web browser (textual-serve), on 127.0.0.1 by default",
        description="Serve the dashboard to a web browser: each browser tab gets its own\n"
        "dashboard session. There is no login, so it listens on loopback (127.0.0.1)\n"
        "unless --host says otherwise.",
        epilog="examples:\n"
        "  seasonwatch serve                      then open http://127.0.0.1:8000\n"
        "  seasonwatch serve --port 8765\n"
        "  ssh -L 8000:127.0.0.1:8000 server      from another machine, through SSH\n"
        "  seasonwatch serve --host 0.0.0.0 --public-url http://tv.lan:8000   (no login!)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS)
    command.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS)
    command.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to listen on (default: {DEFAULT_HOST})"
    )
    command.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})"
    )
    command.add_argument(
        "--public-url",
        metavar="URL",
        help="the URL browsers use, when it is not http://HOST:PORT (a proxy, 0.0.0.0)",
    )
    command.set_defaults(handler=serve)
