#!/usr/bin/env bash
# Docker HEALTHCHECK: exit 0 when this service answers 200 on /health/ready of its public port (HTTP_PORT: the port
# that serves the traffic, on all interfaces in the image; the management port answers it too, but on whichever
# interface MANAGEMENT_HOST names). The JRE image has no curl or wget; bash's /dev/tcp speaks enough HTTP for one
# status line.
exec 3<>"/dev/tcp/127.0.0.1/${HTTP_PORT:-8080}" || exit 1
printf 'GET /health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
read -r -t 2 _ status _ <&3 || exit 1
[ "$status" = 200 ]
