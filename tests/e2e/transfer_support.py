"""Pieces for end-to-end tests that stage images on the simulator (issue 15): an image file of a
given size, the servers a router pulls from (http.server, the same over TLS, pyftpdlib) in the
test's own process, an OpenSSH `scp -O` push, and a fleet entry with a small bootflash.

    image, md5 = make_image(work, "asr920-universalk9_npe.17.12.01.SPA.bin", 3 << 20)
    with HttpServer(os.path.dirname(image)) as http:      # http.url(name)
        ...
    devices = [small_bootflash_device("r1", image_size=3 << 20, images_that_fit=1)]

The simulator's side is documented in docs/behaviour.md ("Bootflash and image transfers").
"""
import functools
import hashlib
import http.server
import os
import ssl
import subprocess
import threading

from harness import PASSWORD, USER

# What `dir bootflash:` counts as used besides the files: lost+found, core, tracelogs, nvram_config.
BOOTFLASH_FIXED_BYTES = 16384 + 4096 + 4096 + 2097152
RUNNING_IMAGE = "asr920-universalk9_npe.16.09.04.SPA.bin"


def make_image(folder, name, size):
    """A file of `size` random bytes in `folder`; returns (path, md5 hex)."""
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name)
    digest = hashlib.md5()
    with open(path, "wb") as f:
        left = size
        while left > 0:
            chunk = os.urandom(min(left, 1 << 20))
            digest.update(chunk)
            f.write(chunk)
            left -= len(chunk)
    return path, digest.hexdigest()


def small_bootflash_device(name, image_size, images_that_fit=1, **extra):
    """A fleet device whose bootflash has room for `images_that_fit` images of `image_size` bytes
    (and half of one more), with no declared images; `extra` adds fleet keys (faults, link_rate...)."""
    device = {"name": name, "image": RUNNING_IMAGE, "images": [],
              "bootflash_bytes": BOOTFLASH_FIXED_BYTES + image_size * images_that_fit + image_size // 2}
    device.update(extra)
    return device


class HttpServer:
    """Python's http.server serving `folder` on 127.0.0.1 (a free port) from a thread."""

    def __init__(self, folder):
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        handler = functools.partial(Quiet, directory=folder)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = "http://127.0.0.1:%d/" % self.server.server_address[1]

    def url(self, name):
        return self.base + name

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        return False


class HttpsServer(HttpServer):
    """HttpServer over TLS, with a self-signed certificate for 127.0.0.1 made for it by `openssl req`
    in `cert_folder` (no CA store trusts it)."""

    def __init__(self, folder, cert_folder):
        super().__init__(folder)
        os.makedirs(cert_folder, exist_ok=True)
        self.cert = os.path.join(cert_folder, "https-cert.pem")
        key = os.path.join(cert_folder, "https-key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", self.cert,
                        "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True, timeout=120)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, key)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.base = "https://127.0.0.1:%d/" % self.server.server_address[1]


class FtpServer:
    """pyftpdlib serving `folder` read-only to one user on 127.0.0.1 (a free port) from a thread.
    Raises ImportError when python3-pyftpdlib is missing."""

    def __init__(self, folder, user="ftpuser", password="ftp-pass-1"):
        import logging
        from pyftpdlib.authorizers import DummyAuthorizer
        from pyftpdlib.handlers import FTPHandler
        from pyftpdlib.servers import ThreadedFTPServer
        quiet = logging.getLogger("pyftpdlib")
        quiet.setLevel(logging.ERROR)
        quiet.propagate = False
        if not quiet.handlers:  # a handler of ours: serve_forever() then sets up no logging to stderr of its own
            quiet.addHandler(logging.NullHandler())
        auth = DummyAuthorizer()
        auth.add_user(user, password, folder, perm="elr")
        handler = type("Handler", (FTPHandler,), {"authorizer": auth})
        self.server = ThreadedFTPServer(("127.0.0.1", 0), handler)
        self.base = "ftp://%s:%s@127.0.0.1:%d/" % (user, password, self.server.address[1])

    def url(self, name):
        return self.base + name

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, kwargs={"handle_exit": False}, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.close_all()
        return False


SSH_OPTIONS = ["-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
               "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10", "-o", "PubkeyAuthentication=no",
               "-o", "PreferredAuthentications=password,keyboard-interactive"]


def scp_push(work, port, local, remote, password=PASSWORD, user=USER):
    """OpenSSH scp in its legacy protocol (-O) to 127.0.0.1:port, the password given through
    SSH_ASKPASS (a script in `work`, never on the command line). Returns the CompletedProcess."""
    askpass = os.path.join(work, "askpass-scp.sh")
    with open(askpass, "w") as f:
        f.write("#!/bin/sh\necho '%s'\n" % password)
    os.chmod(askpass, 0o700)
    env = dict(os.environ, SSH_ASKPASS=askpass, SSH_ASKPASS_REQUIRE="force", DISPLAY=":0")
    return subprocess.run(["scp", "-O"] + SSH_OPTIONS + ["-P", str(port), local, "%s@127.0.0.1:%s" % (user, remote)],
                          env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600)
