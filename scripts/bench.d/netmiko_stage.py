"""Image staging written the way Netmiko users write it: ConnectHandler("cisco_ios") with default
settings, enable(), netmiko.file_transfer(direction="put", file_system="bootflash:") — SCP with its
space check and `verify /md5` — in a thread pool; one JSON result per router.

    netmiko_stage.py put ROUTERS.json IMAGE DEST_NAME OUT.json WORKERS
    netmiko_stage.py enable-scp ROUTERS.json - - OUT.json WORKERS   (`ip scp server enable`, not saved)

ROUTERS.json: [{"name", "host", "port"}]; credentials in NET_USER / NET_PASSWORD / NET_SECRET.
"""
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor

from netmiko import ConnectHandler, file_transfer


def one(router, mode, image, dest):
    device = {"device_type": "cisco_ios", "host": router["host"], "port": router["port"],
              "username": os.environ["NET_USER"], "password": os.environ["NET_PASSWORD"],
              "secret": os.environ["NET_SECRET"]}
    with ConnectHandler(**device) as conn:
        conn.enable()
        if mode == "enable-scp":
            conn.send_config_set(["ip scp server enable"])
            return {"ok": True}
        return file_transfer(conn, source_file=image, dest_file=dest, file_system="bootflash:", direction="put",
                             overwrite_file=True)


def main():
    mode, routers_file, image, dest, out_file, workers = sys.argv[1:7]
    with open(routers_file) as f:
        routers = json.load(f)
    results, failed = {}, 0
    with ThreadPoolExecutor(max_workers=int(workers)) as pool:
        futures = [pool.submit(one, r, mode, image, dest) for r in routers]
        for r, fut in zip(routers, futures):
            try:
                results[r["name"]] = fut.result()
            except Exception as e:  # report and go on, as a fleet script does
                failed += 1
                results[r["name"]] = {"error": str(e)}
                print("%s: %s" % (r["name"], e), file=sys.stderr)
    with open(out_file, "w") as f:
        json.dump(results, f)
    print("%s: %d of %d routers" % (mode, len(routers) - failed, len(routers)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
