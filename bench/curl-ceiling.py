#!/usr/bin/env python3
"""curl-ceiling.py PORT SIZE_BYTES - the download client's ceiling for bench/registry.sh.

A minimal HTTP/1.1 server that answers every GET with SIZE_BYTES taken over and over from one 4 MiB buffer in memory:
no file, no page cache, data hot in the CPU caches, one copy into the socket, and the 256 KiB send buffer berth-registry
gives loopback connections (with autotuning's megabytes the sender runs ahead and curl copies bytes the caches have
dropped). No registry can feed curl faster on this machine, so curl's MB/s against it bounds any registry's download
figure: if it is below 1.5x distribution's, the download goal cannot be met with curl as the client.
"""
import os
import socket
import sys
import threading

CHUNK = 4 << 20
SNDBUF = 256 << 10


def serve(conn, size, buf):
    with conn:
        while True:
            head = b''
            while b'\r\n\r\n' not in head:
                data = conn.recv(65536)
                if not data:
                    return
                head += data
            conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n'
                         b'Content-Length: %d\r\n\r\n' % size)
            left = size
            while left > 0:
                n = min(left, CHUNK)
                conn.sendall(buf[:n])
                left -= n


def main():
    port, size = int(sys.argv[1]), int(sys.argv[2])
    buf = memoryview(os.urandom(CHUNK))
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(('127.0.0.1', port))
    listener.listen(16)
    while True:
        conn, _ = listener.accept()
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SNDBUF)
        threading.Thread(target=serve, args=(conn, size, buf), daemon=True).start()


if __name__ == '__main__':
    main()
