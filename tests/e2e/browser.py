"""A real browser for the e2e tests: headless Chromium (Debian's `chromium`) driven over the Chrome
DevTools Protocol (python3-websocket). Opens a local file, evaluates JavaScript in the page, takes
screenshots of elements, and records every network request the page made.

    with Browser(work_dir) as b:
        b.open("/path/report.html")
        b.eval("document.title")
        b.screenshot("#fleet", "/path/fleet.png")
        b.requests  # every URL the page requested
"""
import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import websocket  # python3-websocket


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    def __init__(self, work):
        self.work = work
        self.proc = None
        self.ws = None
        self.next_id = 0
        self.requests = []
        self.events = []

    def __enter__(self):
        binary = chromium_binary()
        if binary is None:
            raise RuntimeError("chromium is not installed (Debian package chromium; scripts/setup installs it)")
        self.profile = tempfile.mkdtemp(prefix="licmig-chromium-", dir=self.work)
        self.log = open(os.path.join(self.work, "chromium.log"), "wb")
        self.proc = subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--remote-debugging-port=0", "--user-data-dir=" + self.profile, "--window-size=1280,900",
             "about:blank"], stdout=self.log, stderr=subprocess.STDOUT)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + 60
        while not os.path.exists(port_file) or os.path.getsize(port_file) == 0:
            if self.proc.poll() is not None:
                raise RuntimeError("chromium exited with %s; see %s" % (self.proc.returncode, self.log.name))
            if time.monotonic() > deadline:
                raise RuntimeError("chromium did not open its DevTools port within 60 s")
            time.sleep(0.1)
        with open(port_file) as f:
            port = int(f.readline().strip())
        with urllib.request.urlopen("http://127.0.0.1:%d/json/list" % port, timeout=30) as r:
            pages = [t for t in json.load(r) if t.get("type") == "page"]
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=60)
        self.call("Page.enable")
        self.call("Network.enable")
        self.call("Runtime.enable")
        return self

    def __exit__(self, *exc):
        if self.ws:
            self.ws.close()
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)
        return False

    def _record(self, message):
        self.events.append(message)
        if message.get("method") == "Network.requestWillBeSent":
            self.requests.append(message["params"]["request"]["url"])

    def call(self, method, **params):
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == my_id:
                if "error" in message:
                    raise RuntimeError("%s: %s" % (method, message["error"]))
                return message.get("result", {})
            self._record(message)

    def wait_event(self, method, timeout=60):
        for m in self.events:
            if m.get("method") == method:
                return m
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = json.loads(self.ws.recv())
            self._record(message)
            if message.get("method") == method:
                return message
        raise RuntimeError("no %s within %d s" % (method, timeout))

    def open(self, path):
        self.events = []
        self.requests = []
        self.call("Page.navigate", url="file://" + os.path.abspath(path))
        self.wait_event("Page.loadEventFired")

    def eval(self, expression):
        """The JSON value of a JavaScript expression in the page."""
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError("JavaScript failed: %s\n%s" % (r["exceptionDetails"].get("text"), expression))
        return r["result"].get("value")

    def screenshot(self, selector, path):
        """A PNG of the element `selector` (scrolled into view); returns its (width, height) in CSS px."""
        box = self.eval("(() => { const e = document.querySelector(%s); if (!e) return null;"
                        " e.scrollIntoView(); const r = e.getBoundingClientRect();"
                        " return {x: r.x + window.scrollX, y: r.y + window.scrollY, w: r.width, h: r.height}; })()"
                        % json.dumps(selector))
        if box is None:
            raise RuntimeError("no element %s in the page" % selector)
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": box["x"], "y": box["y"], "width": max(box["w"], 1),
                               "height": max(box["h"], 1), "scale": 1})
        data = base64.b64decode(shot["data"])
        with open(path, "wb") as f:
            f.write(data)
        return box["w"], box["h"]
