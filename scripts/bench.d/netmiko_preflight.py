"""Fleet pre-flight written the way Netmiko users write one: ConnectHandler("cisco_ios") with
default settings, enable(), one send_command() per command, a thread pool, the outputs saved as
JSON per router.

    netmiko_preflight.py ROUTERS.json COMMANDS.json OUT_DIR WORKERS

ROUTERS.json: [{"name", "host", "port"}]; credentials in NET_USER / NET_PASSWORD / NET_SECRET.
"""
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor

from netmiko import ConnectHandler


def collect(router, commands, out_dir):
    device = {
        "device_type": "cisco_ios",
        "host": router["host"],
        "port": router["port"],
        "username": os.environ["NET_USER"],
        "password": os.environ["NET_PASSWORD"],
        "secret": os.environ["NET_SECRET"],
    }
    with ConnectHandler(**device) as conn:
        conn.enable()
        outputs = {command: conn.send_command(command) for command in commands}
    with open(os.path.join(out_dir, router["name"] + ".json"), "w") as f:
        json.dump(outputs, f)
    return router["name"]


def main():
    routers_file, commands_file, out_dir, workers = sys.argv[1:5]
    with open(routers_file) as f:
        routers = json.load(f)
    with open(commands_file) as f:
        commands = json.load(f)
    os.makedirs(out_dir, exist_ok=True)
    failed = 0
    with ThreadPoolExecutor(max_workers=int(workers)) as pool:
        futures = [pool.submit(collect, r, commands, out_dir) for r in routers]
        for r, fut in zip(routers, futures):
            try:
                fut.result()
            except Exception as e:  # report and go on, as a fleet script does
                failed += 1
                print("%s: %s" % (r["name"], e), file=sys.stderr)
    print("collected %d of %d routers" % (len(routers) - failed, len(routers)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
