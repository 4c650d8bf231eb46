"""Starting and stopping the processes of a cluster test: redis-server, gunicorn app instances, Celery workers."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    """Until something accepts connections on `port`; fails with the log if the process died first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port} after {timeout} s:\n{log.read_text()[-3000:]}")


def wait_for_text(log: Path, text: str, process: subprocess.Popen, timeout: float = 60) -> None:
    """Until `text` appears in the process's log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log.read_text(errors="replace"):
            return
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    raise RuntimeError(f"{text!r} not in the log after {timeout} s:\n{log.read_text()[-3000:]}")


class Cluster:
    """The processes of one test, each in its own process group, all stopped at the end."""

    def __init__(self, folder: Path, env: dict[str, str]):
        self.folder, self.env = folder, {**os.environ, **env}
        self.processes: list[subprocess.Popen] = []

    def start(self, name: str, command: list[str]) -> tuple[subprocess.Popen, Path]:
        """Start `command` from the repository root with the cluster's environment and an instance folder of its
        own (as on separate hosts: nothing on disk is shared); its output goes to a log."""
        log = self.folder / f"{name}.log"
        handle = log.open("wb")
        env = {**self.env, "INSTANCE_PATH": str(self.folder / f"{name}-instance")}
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.processes.append(process)
        return process, log

    def redis(self) -> str:
        """A throwaway redis-server (no persistence) on a free port; its URL."""
        port = free_port()
        process, log = self.start("redis", ["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                                            "--save", "", "--appendonly", "no"])
        wait_for_port(port, process, log)
        return f"redis://127.0.0.1:{port}/0"

    def app_instance(self, name: str) -> str:
        """A gunicorn app server (2 workers) on a free port; its base URL once it answers."""
        port = free_port()
        process, log = self.start(name, [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind",
                                         f"127.0.0.1:{port}", "app:app"])
        wait_for_port(port, process, log)
        base = f"http://127.0.0.1:{port}"
        urllib.request.urlopen(base + "/healthz", timeout=30).read()
        return base

    def worker(self, name: str) -> tuple[subprocess.Popen, Path]:
        """A Celery worker (`flask --app app worker`, one job at a time), ready to take tasks."""
        process, log = self.start(name, [sys.executable, "-m", "flask", "--app", "app", "worker", "-c", "1",
                                         "-n", f"{name}@%h"])
        wait_for_text(log, "ready.", process)
        return process, log

    def stop(self) -> None:
        """Kill what is still running."""
        for process in self.processes:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait(timeout=30)
