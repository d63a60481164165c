"""The Debian precision corpus: Go sources of well-known projects, as Debian packages them.

Each project's `-dev` package is fetched with `apt-get download` and unpacked with `dpkg -x` into
a cache directory (about 55 MB; nothing is installed on the system, no dependency is pulled in),
and analysed as `goleash check` walks a tree. Verdicts, judged one finding at a time, live in
bench/verdicts/debian.json: what a finding is about is its rule, its file and its line's code.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from contextlib import chdir
from pathlib import Path

from goleash.rules.engine import analyze_paths, collect_files
from goleash.rules.parse import is_generated

ROOT = Path(__file__).resolve().parents[1]
VERDICTS = ROOT / "bench" / "verdicts" / "debian.json"
CACHE = Path(os.environ.get("GOLEASH_CORPUS_CACHE", Path.home() / ".cache" / "goleash" / "debian-corpus"))
SRC = "usr/share/gocode/src"

# Debian package -> the project's import path under /usr/share/gocode/src
PROJECTS = {
    "golang-github-hashicorp-memberlist-dev": "github.com/hashicorp/memberlist",
    "golang-github-hashicorp-serf-dev": "github.com/hashicorp/serf",
    "golang-github-hashicorp-yamux-dev": "github.com/hashicorp/yamux",
    "golang-github-hashicorp-go-memdb-dev": "github.com/hashicorp/go-memdb",
    "golang-github-gorilla-websocket-dev": "github.com/gorilla/websocket",
    "golang-github-miekg-dns-dev": "github.com/miekg/dns",
    "golang-github-syndtr-goleveldb-dev": "github.com/syndtr/goleveldb",
    "golang-go.uber-zap-dev": "go.uber.org/zap",
    "golang-github-dgraph-io-badger-dev": "github.com/dgraph-io/badger",
    "golang-github-lucas-clemente-quic-go-dev": "github.com/lucas-clemente/quic-go",
    "golang-github-syncthing-syncthing-dev": "github.com/syncthing/syncthing",
    "golang-github-go-kit-kit-dev": "github.com/go-kit/kit",
    "golang-github-shopify-sarama-dev": "github.com/Shopify/sarama",
    "golang-github-segmentio-kafka-go-dev": "github.com/segmentio/kafka-go",
    "golang-github-gin-gonic-gin-dev": "github.com/gin-gonic/gin",
    "golang-github-valyala-fasthttp-dev": "github.com/valyala/fasthttp",
    "golang-github-rclone-rclone-dev": "github.com/rclone/rclone",
    # More well-known concurrent code (some of it what the packages above depend on), to pass
    # 2 M lines.
    "golang-golang-x-net-dev": "golang.org/x/net",
    "golang-golang-x-sync-dev": "golang.org/x/sync",
    "golang-golang-x-crypto-dev": "golang.org/x/crypto",
    "golang-google-grpc-dev": "google.golang.org/grpc",
    "golang-github-prometheus-client-golang-dev": "github.com/prometheus/client_golang",
    "golang-github-coreos-bbolt-dev": "go.etcd.io/bbolt",
    "golang-github-klauspost-compress-dev": "github.com/klauspost/compress",
    "golang-github-aws-aws-sdk-go-dev": "github.com/aws/aws-sdk-go",
    "golang-etcd-server-dev": "go.etcd.io/etcd",
    "golang-github-hashicorp-raft-dev": "github.com/hashicorp/raft",
    "golang-github-nats-io-nats-server-dev": "github.com/nats-io/nats-server",
    "golang-github-nats-io-go-nats-dev": "github.com/nats-io/nats.go",
    "golang-github-docker-docker-dev": "github.com/docker/docker",
    "golang-github-containerd-containerd-dev": "github.com/containerd/containerd",
    "golang-github-minio-minio-go-v7-dev": "github.com/minio/minio-go",
    "golang-github-jackc-pgx-v4-dev": "github.com/jackc/pgx",
    "golang-github-hashicorp-go-plugin-dev": "github.com/hashicorp/go-plugin",
    "golang-github-gocql-gocql-dev": "github.com/gocql/gocql",
    "golang-github-rcrowley-go-metrics-dev": "github.com/rcrowley/go-metrics",
    "golang-github-dgraph-io-ristretto-dev": "github.com/dgraph-io/ristretto",
    "golang-github-allegro-bigcache-dev": "github.com/allegro/bigcache",
    "golang-github-patrickmn-go-cache-dev": "github.com/patrickmn/go-cache",
    "golang-github-hashicorp-golang-lru-dev": "github.com/hashicorp/golang-lru",
    "golang-github-labstack-echo-dev": "github.com/labstack/echo",
    "golang-github-go-sql-driver-mysql-dev": "github.com/go-sql-driver/mysql",
    "golang-github-lib-pq-dev": "github.com/lib/pq",
    # Network stacks, clients, pools and schedulers written by other hands than the above,
    # first run as code the engine had never seen (313k lines): event loops that run handed-in
    # closures, example programs, test helpers that give up on a handshake.
    "golang-github-pion-webrtc.v3-dev": "github.com/pion/webrtc",
    "golang-github-pion-ice.v2-dev": "github.com/pion/ice",
    "golang-github-pion-sctp-dev": "github.com/pion/sctp",
    "golang-github-pion-dtls.v2-dev": "github.com/pion/dtls",
    "golang-github-eclipse-paho.mqtt.golang-dev": "github.com/eclipse/paho.mqtt.golang",
    "golang-github-rabbitmq-amqp091-go-dev": "github.com/rabbitmq/amqp091-go",
    "golang-github-gomodule-redigo-dev": "github.com/gomodule/redigo",
    "golang-github-bradfitz-gomemcache-dev": "github.com/bradfitz/gomemcache",
    "golang-github-xtaci-kcp-dev": "github.com/xtaci/kcp-go",
    "golang-github-xtaci-smux-dev": "github.com/xtaci/smux",
    "golang-github-pkg-sftp-dev": "github.com/pkg/sftp",
    "golang-github-centrifugal-centrifuge-dev": "github.com/centrifugal/centrifuge",
    "golang-github-karlseguin-ccache-dev": "github.com/karlseguin/ccache",
    "golang-github-go-co-op-gocron-dev": "github.com/go-co-op/gocron",
    "golang-github-robfig-cron-dev": "github.com/robfig/cron",
    "golang-github-golang-groupcache-dev": "github.com/golang/groupcache",
    "golang-github-containerd-ttrpc-dev": "github.com/containerd/ttrpc",
    "golang-github-nxadm-tail-dev": "github.com/nxadm/tail",
    "golang-github-klauspost-pgzip-dev": "github.com/klauspost/pgzip",
    "golang-nhooyr-websocket-dev": "nhooyr.io/websocket",
    "golang-github-coreos-go-systemd-dev": "github.com/coreos/go-systemd",
    "golang-github-fsnotify-fsnotify-dev": "github.com/fsnotify/fsnotify",
    "golang-github-hashicorp-mdns-dev": "github.com/hashicorp/mdns",
    "golang-github-hashicorp-raft-boltdb-dev": "github.com/hashicorp/raft-boltdb",
    "golang-github-jackc-puddle-dev": "github.com/jackc/puddle",
    "golang-github-victoriametrics-fastcache-dev": "github.com/VictoriaMetrics/fastcache",
    "golang-github-cilium-ebpf-dev": "github.com/cilium/ebpf",
    "golang-github-go-git-go-git-dev": "github.com/go-git/go-git",
    # A second batch first run unseen (327k lines): container runtimes and image stores, netlink,
    # mail and FTP clients, pools, caches and middleware.
    "golang-github-containers-storage-dev": "github.com/containers/storage",
    "golang-github-containers-image-dev": "github.com/containers/image",
    "golang-github-opencontainers-runc-dev": "github.com/opencontainers/runc",
    "golang-github-containernetworking-plugins-dev": "github.com/containernetworking/plugins",
    "golang-github-grpc-ecosystem-go-grpc-middleware-dev": "github.com/grpc-ecosystem/go-grpc-middleware",
    "golang-github-confluentinc-confluent-kafka-go-dev": "github.com/confluentinc/confluent-kafka-go",
    "golang-github-streadway-amqp-dev": "github.com/streadway/amqp",
    "golang-github-elazarl-goproxy-dev": "github.com/elazarl/goproxy",
    "golang-github-jlaffaye-ftp-dev": "github.com/jlaffaye/ftp",
    "golang-github-emersion-go-imap-dev": "github.com/emersion/go-imap",
    "golang-github-emersion-go-smtp-dev": "github.com/emersion/go-smtp",
    "golang-github-igm-sockjs-go-dev": "github.com/igm/sockjs-go",
    "golang-github-mdlayher-netlink-dev": "github.com/mdlayher/netlink",
    "golang-github-vishvananda-netlink-dev": "github.com/vishvananda/netlink",
    "golang-github-mna-redisc-dev": "github.com/mna/redisc",
    "golang-github-ivpusic-grpool-dev": "github.com/ivpusic/grpool",
    "golang-github-renekroon-ttlcache-dev": "github.com/ReneKroon/ttlcache",
    "golang-github-moby-pubsub-dev": "github.com/moby/pubsub",
    "golang-github-hailocab-go-hostpool-dev": "github.com/hailocab/go-hostpool",
    "golang-github-gregjones-httpcache-dev": "github.com/gregjones/httpcache",
    "golang-github-armon-go-metrics-dev": "github.com/armon/go-metrics",
    "golang-github-docker-go-events-dev": "github.com/docker/go-events",
    "golang-github-shirou-gopsutil-dev": "github.com/shirou/gopsutil",
    "golang-github-openzipkin-zipkin-go-dev": "github.com/openzipkin/zipkin-go",
    "golang-github-hashicorp-go-hclog-dev": "github.com/hashicorp/go-hclog",
    "golang-github-hashicorp-go-retryablehttp-dev": "github.com/hashicorp/go-retryablehttp",
    # A third batch first run unseen (124k lines): proxies, pools, caches, test servers.
    "golang-github-googlecloudplatform-cloudsql-proxy-dev": "github.com/GoogleCloudPlatform/cloudsql-proxy",
    "golang-github-arceliar-phony-dev": "github.com/Arceliar/phony",
    "golang-github-andreykaipov-goobs-dev": "github.com/andreykaipov/goobs",
    "golang-github-socketplane-libovsdb-dev": "github.com/socketplane/libovsdb",
    "golang-github-mdlayher-socket-dev": "github.com/mdlayher/socket",
    "golang-github-mdlayher-vsock-dev": "github.com/mdlayher/vsock",
    "golang-github-masterzen-winrm-dev": "github.com/masterzen/winrm",
    "golang-gopkg-redis.v5-dev": "gopkg.in/redis.v5",
    "golang-gopkg-eapache-queue.v1-dev": "gopkg.in/eapache/queue.v1",
    "golang-github-cristalhq-hedgedhttp-dev": "github.com/cristalhq/hedgedhttp",
    "golang-github-aws-smithy-go-dev": "github.com/aws/smithy-go",
    "golang-github-grpc-ecosystem-go-grpc-prometheus-dev": "github.com/grpc-ecosystem/go-grpc-prometheus",
    "golang-github-opentracing-contrib-go-grpc-dev": "github.com/opentracing-contrib/go-grpc",
    "golang-github-sercand-kuberesolver-dev": "github.com/sercand/kuberesolver",
    "golang-github-pion-mdns-dev": "github.com/pion/mdns",
    "golang-github-pin-tftp-dev": "github.com/pin/tftp",
    "golang-h12-socks-dev": "h12.io/socks",
    "golang-gopkg-fatih-pool.v2-dev": "gopkg.in/fatih/pool.v2",
    "golang-github-thales-e-security-pool-dev": "github.com/thales-e-security/pool",
    "golang-github-nozzle-throttler-dev": "github.com/nozzle/throttler",
    "golang-github-odeke-em-cache-dev": "github.com/odeke-em/cache",
    "golang-github-robfig-go-cache-dev": "github.com/robfig/go-cache",
    "golang-github-fzambia-sentinel-dev": "github.com/FZambia/sentinel",
    "golang-github-optiopay-kafka-dev": "github.com/optiopay/kafka",
    "golang-github-nats-io-jwt-dev": "github.com/nats-io/jwt",
    "golang-github-hashicorp-go-sockaddr-dev": "github.com/hashicorp/go-sockaddr",
    "golang-github-tmc-grpc-websocket-proxy-dev": "github.com/tmc/grpc-websocket-proxy",
    "golang-github-pires-go-proxyproto-dev": "github.com/pires/go-proxyproto",
    "golang-github-bep-clock-dev": "github.com/bep/clock",
    "golang-github-lensesio-schema-registry-dev": "github.com/lensesio/schema-registry",
    "golang-github-k0swe-wsjtx-go-dev": "github.com/k0swe/wsjtx-go",
    "golang-github-linuxkit-virtsock-dev": "github.com/linuxkit/virtsock",
    # A fourth batch first run unseen (213k lines): file watchers, RPC and stream multiplexers,
    # Docker clients and their fake servers, IRC, D-Bus, distributed locks.
    "golang-dbus-dev": "github.com/godbus/dbus",
    "golang-github-burntsushi-locker-dev": "github.com/BurntSushi/locker",
    "golang-github-caddyserver-certmagic-dev": "github.com/caddyserver/certmagic",
    "golang-github-cenk-rpc2-dev": "github.com/cenk/rpc2",
    "golang-github-docker-go-connections-dev": "github.com/docker/go-connections",
    "golang-github-docker-spdystream-dev": "github.com/moby/spdystream",
    "golang-github-donovanhide-eventsource-dev": "github.com/donovanhide/eventsource",
    "golang-github-facebookgo-httpdown-dev": "github.com/facebookgo/httpdown",
    "golang-github-farsightsec-golang-framestream-dev": "github.com/farsightsec/golang-framestream",
    "golang-github-fsouza-go-dockerclient-dev": "github.com/fsouza/go-dockerclient",
    "golang-github-goburrow-modbus-dev": "github.com/goburrow/modbus",
    "golang-github-gofrs-flock-dev": "github.com/gofrs/flock",
    "golang-github-gokyle-fswatch-dev": "github.com/gokyle/fswatch",
    "golang-github-hashicorp-net-rpc-msgpackrpc-dev": "github.com/hashicorp/net-rpc-msgpackrpc",
    "golang-github-hashicorp-scada-client-dev": "github.com/hashicorp/scada-client",
    "golang-github-inconshreveable-muxado-dev": "github.com/inconshreveable/muxado",
    "golang-github-influxdata-influxdb1-client-dev": "github.com/influxdata/influxdb1-client",
    "golang-github-influxdata-yamux-dev": "github.com/influxdata/yamux",
    "golang-github-influxdata-yarpc-dev": "github.com/influxdata/yarpc",
    "golang-github-jackc-pgconn-dev": "github.com/jackc/pgconn",
    "golang-github-jacobsa-syncutil-dev": "github.com/jacobsa/syncutil",
    "golang-github-minio-dsync-dev": "github.com/minio/dsync",
    "golang-github-moby-locker-dev": "github.com/moby/locker",
    "golang-github-mwitkow-go-conntrack-dev": "github.com/mwitkow/go-conntrack",
    "golang-github-newrelic-go-agent-dev": "github.com/newrelic/go-agent",
    "golang-github-ngaut-pools-dev": "github.com/ngaut/pools",
    "golang-github-ngaut-sync2-dev": "github.com/ngaut/sync2",
    "golang-github-okzk-sdnotify-dev": "github.com/okzk/sdnotify",
    "golang-github-rjeczalik-notify-dev": "github.com/rjeczalik/notify",
    "golang-github-samalba-dockerclient-dev": "github.com/samalba/dockerclient",
    "golang-github-sasha-s-go-deadlock-dev": "github.com/sasha-s/go-deadlock",
    "golang-github-soheilhy-cmux-dev": "github.com/soheilhy/cmux",
    "golang-github-sourcegraph-jsonrpc2-dev": "github.com/sourcegraph/jsonrpc2",
    "golang-github-syncthing-notify-dev": "github.com/syncthing/notify",
    "golang-github-thoj-go-ircevent-dev": "github.com/thoj/go-ircevent",
    "golang-robustirc-bridge-dev": "github.com/robustirc/bridge",
    # A fifth batch first run unseen (200k lines): SQL drivers, RPC to libvirt and QEMU,
    # metrics clients, backoff and retry, file caches, mail filters.
    "golang-github-anacrolix-missinggo-dev": "github.com/anacrolix/missinggo",
    "golang-github-armon-go-socks5-dev": "github.com/armon/go-socks5",
    "golang-github-audriusbutkevicius-go-nat-pmp-dev": "github.com/AudriusButkevicius/go-nat-pmp",
    "golang-github-avast-retry-go-dev": "github.com/avast/retry-go",
    "golang-github-azure-azure-pipeline-go-dev": "github.com/Azure/azure-pipeline-go",
    "golang-github-azure-go-autorest-dev": "github.com/Azure/go-autorest",
    "golang-github-bmatsuo-lmdb-go-dev": "github.com/bmatsuo/lmdb-go",
    "golang-github-bsphere-le-go-dev": "github.com/bsphere/le_go",
    "golang-github-bugsnag-bugsnag-go-dev": "github.com/bugsnag/bugsnag-go",
    "golang-github-cactus-go-statsd-client-dev": "github.com/cactus/go-statsd-client",
    "golang-github-canonical-go-dqlite-dev": "github.com/canonical/go-dqlite",
    "golang-github-ccding-go-stun-dev": "github.com/ccding/go-stun",
    "golang-github-cenkalti-backoff-dev": "github.com/cenkalti/backoff",
    "golang-github-cockroachdb-cockroach-go-dev": "github.com/cockroachdb/cockroach-go",
    "golang-github-containerd-go-cni-dev": "github.com/containerd/go-cni",
    "golang-github-containerd-go-runc-dev": "github.com/containerd/go-runc",
    "golang-github-coreos-go-iptables-dev": "github.com/coreos/go-iptables",
    "golang-github-coreos-go-oidc-dev": "github.com/coreos/go-oidc",
    "golang-github-crossdock-crossdock-go-dev": "github.com/crossdock/crossdock-go",
    "golang-github-datadog-datadog-go-dev": "github.com/DataDog/datadog-go",
    "golang-github-denisenkom-go-mssqldb-dev": "github.com/denisenkom/go-mssqldb",
    "golang-github-digitalocean-go-libvirt-dev": "github.com/digitalocean/go-libvirt",
    "golang-github-digitalocean-go-qemu-dev": "github.com/digitalocean/go-qemu",
    "golang-github-docker-go-metrics-dev": "github.com/docker/go-metrics",
    "golang-github-docker-libkv-dev": "github.com/docker/libkv",
    "golang-github-emersion-go-imap-idle-dev": "github.com/emersion/go-imap-idle",
    "golang-github-emersion-go-milter-dev": "github.com/emersion/go-milter",
    "golang-github-etcd-io-gofail-dev": "go.etcd.io/gofail",
    # A sixth batch first run unseen (237k lines): registries, snapshotters, proxies, PKI,
    # cgroups, API clients.
    "golang-github-cloudflare-cfssl-dev": "github.com/cloudflare/cfssl",
    "golang-github-cloudflare-redoctober-dev": "github.com/cloudflare/redoctober",
    "golang-github-cloudflare-tableflip-dev": "github.com/cloudflare/tableflip",
    "golang-github-containerd-cgroups-dev": "github.com/containerd/cgroups",
    "golang-github-containerd-continuity-dev": "github.com/containerd/continuity",
    "golang-github-containerd-fifo-dev": "github.com/containerd/fifo",
    "golang-github-containerd-stargz-snapshotter-dev": "github.com/containerd/stargz-snapshotter",
    "golang-github-coreos-pkg-dev": "github.com/coreos/pkg",
    "golang-github-docker-distribution-dev": "github.com/docker/distribution",
    "golang-github-docker-leadership-dev": "github.com/docker/leadership",
    "golang-github-google-go-dap-dev": "github.com/google/go-dap",
    "golang-github-google-go-github-dev": "github.com/google/go-github",
    "golang-github-google-martian-dev": "github.com/google/martian",
    "golang-github-googleapis-gax-go-dev": "github.com/googleapis/gax-go",
    "golang-github-hashicorp-go-checkpoint-dev": "github.com/hashicorp/go-checkpoint",
    "golang-github-hashicorp-go-discover-dev": "github.com/hashicorp/go-discover",
    "golang-github-hashicorp-go-getter-dev": "github.com/hashicorp/go-getter",
    "golang-github-hashicorp-go-raftchunking-dev": "github.com/hashicorp/go-raftchunking",
    "golang-github-hashicorp-go-reap-dev": "github.com/hashicorp/go-reap",
    "golang-github-hashicorp-go-tfe-dev": "github.com/hashicorp/go-tfe",
    # A seventh batch first run unseen (834k lines): database drivers, BGP, schedulers, proxies,
    # telemetry, certificate authorities: event loops fed through reflect.Select, handlers
    # installed through locking wrappers, requests retried by goto.
    "golang-github-colinmarc-hdfs-dev": "github.com/colinmarc/hdfs",
    "golang-github-docker-notary-dev": "github.com/theupdateframework/notary",
    "golang-github-git-lfs-git-lfs-dev": "github.com/git-lfs/git-lfs",
    "golang-github-mesos-mesos-go-dev": "github.com/mesos/mesos-go",
    "golang-github-minio-minio-go-dev": "github.com/minio/minio-go",  # v6, beside v7's tree
    "golang-github-osrg-gobgp-dev": "github.com/osrg/gobgp",
    "golang-github-prometheus-alertmanager-dev": "github.com/prometheus/alertmanager",
    "golang-github-smallstep-certificates-dev": "github.com/smallstep/certificates",
    "golang-gopkg-mgo.v2-dev": "gopkg.in/mgo.v2",
    "golang-mongodb-mongo-driver-dev": "go.mongodb.org/mongo-driver",
    "golang-opentelemetry-otel-dev": "go.opentelemetry.io/otel",
    "golang-v2ray-core-dev": "v2ray.com/core",
    # An eighth batch first run unseen (728k lines): time-series stores, VMware's API and its
    # simulators, intrusion detection, ACME clients, image builders, WebRTC transports: routes
    # registered from a table through a locking HandleFunc, groups waited for before a field is
    # reset, bodies read to their end.
    "golang-github-anacrolix-dms-dev": "github.com/anacrolix/dms",
    "golang-github-containers-buildah-dev": "github.com/containers/buildah",
    "golang-github-containers-common-dev": "github.com/containers/common",
    "golang-github-crowdsecurity-crowdsec-dev": "github.com/crowdsecurity/crowdsec",
    "golang-github-emicklei-go-restful-dev": "github.com/emicklei/go-restful",
    "golang-github-garyburd-redigo-dev": "github.com/garyburd/redigo",
    "golang-github-go-resty-resty-dev": "github.com/go-resty/resty",
    "golang-github-google-certificate-transparency-dev": "github.com/google/certificate-transparency",
    "golang-github-influxdb-influxdb-dev": "github.com/influxdata/influxdb",
    "golang-github-opentracing-basictracer-go-dev": "github.com/opentracing/basictracer-go",
    "golang-github-pion-interceptor-dev": "github.com/pion/interceptor",
    "golang-github-pion-transport-dev": "github.com/pion/transport",
    "golang-github-pion-turn.v2-dev": "github.com/pion/turn",
    "golang-github-sirupsen-logrus-dev": "github.com/sirupsen/logrus",
    "golang-github-spf13-afero-dev": "github.com/spf13/afero",
    "golang-github-tidwall-buntdb-dev": "github.com/tidwall/buntdb",
    "golang-github-vmware-govmomi-dev": "github.com/vmware/govmomi",
    "golang-github-xenolf-lego-dev": "github.com/go-acme/lego",
    # A ninth batch first run unseen (478k lines): a user-space TCP/IP stack, WireGuard, TLS,
    # packet capture, SQL and RethinkDB drivers, Elasticsearch and GitLab clients, radio modems:
    # HEAD requests, files wrapped in loggers a client keeps, goroutines of main.
    "golang-github-boltdb-bolt-dev": "github.com/boltdb/bolt",
    "golang-github-canonical-candid-dev": "github.com/canonical/candid",
    "golang-github-google-gopacket-dev": "github.com/google/gopacket",
    "golang-github-jcmturner-rpc.v2-dev": "github.com/jcmturner/rpc",
    "golang-github-jmoiron-sqlx-dev": "github.com/jmoiron/sqlx",
    "golang-github-la5nta-wl2k-go-dev": "github.com/la5nta/wl2k-go",
    "golang-github-mattn-go-sqlite3-dev": "github.com/mattn/go-sqlite3",
    "golang-github-sap-go-hdb-dev": "github.com/SAP/go-hdb",
    "golang-github-tonistiigi-fsutil-dev": "github.com/tonistiigi/fsutil",
    "golang-github-xanzy-go-gitlab-dev": "github.com/xanzy/go-gitlab",
    "golang-github-yggdrasil-network-yggdrasil-go-dev": "github.com/yggdrasil-network/yggdrasil-go",
    "golang-github-ziutek-mymysql-dev": "github.com/ziutek/mymysql",
    "golang-golang.zx2c4-wireguard-dev": "golang.zx2c4.com/wireguard",
    "golang-gopkg-olivere-elastic.v5-dev": "gopkg.in/olivere/elastic.v5",
    "golang-gopkg-redis.v2-dev": "gopkg.in/redis.v2",
    "golang-gopkg-rethinkdb-rethinkdb-go.v6-dev": "gopkg.in/rethinkdb/rethinkdb-go.v6",
    "golang-inet-netstack-dev": "inet.af/netstack",
    "golang-refraction-networking-utls-dev": "github.com/refraction-networking/utls",
    # A tenth batch first run unseen (297k lines): a mesh VPN, Slack's client, OpenCensus, a Chef
    # server, a web framework, authorization, cloud API clients and test doubles: handlers
    # registered before the dispatcher runs, files handed to the process log.
    "golang-github-casbin-casbin-dev": "github.com/casbin/casbin",
    "golang-github-ctdk-goiardi-dev": "github.com/ctdk/goiardi",
    "golang-github-hetznercloud-hcloud-go-dev": "github.com/hetznercloud/hcloud-go",
    "golang-github-hirochachacha-go-smb2-dev": "github.com/hirochachacha/go-smb2",
    "golang-github-insomniacslk-dhcp-dev": "github.com/insomniacslk/dhcp",
    "golang-github-juju-utils-dev": "github.com/juju/utils",
    "golang-github-minio-madmin-go-dev": "github.com/minio/madmin-go",
    "golang-github-muka-go-bluetooth-dev": "github.com/muka/go-bluetooth",
    "golang-github-revel-revel-dev": "github.com/revel/revel",
    "golang-github-slack-go-slack-dev": "github.com/slack-go/slack",
    "golang-github-slackhq-nebula-dev": "github.com/slackhq/nebula",
    "golang-go.opencensus-dev": "go.opencensus.io",
    "golang-gopkg-goose.v1-dev": "gopkg.in/goose.v1",
    "golang-thrift-dev": "github.com/apache/thrift",
    # An eleventh batch first run unseen (1.45 M lines): snapd, VictoriaMetrics, Google Cloud's
    # and Go Cloud's clients, x/tools, staticcheck, esbuild, yaegi, pprof, an SSH server, gRPC's
    # gateway and small network libraries: listeners asked about themselves, a helper's spent
    # response, select cases that each take the lock, goroutines a caller waits for.
    "golang-github-armon-go-proxyproto-dev": "github.com/armon/go-proxyproto",
    "golang-github-benbjohnson-clock-dev": "github.com/benbjohnson/clock",
    "golang-github-dnstap-golang-dnstap-dev": "github.com/dnstap/golang-dnstap",
    "golang-github-evanw-esbuild-dev": "github.com/evanw/esbuild",
    "golang-github-flynn-noise-dev": "github.com/flynn/noise",
    "golang-github-gcla-gowid-dev": "github.com/gcla/gowid",
    "golang-github-gliderlabs-ssh-dev": "github.com/gliderlabs/ssh",
    "golang-github-google-pprof-dev": "github.com/google/pprof",
    "golang-github-grpc-ecosystem-grpc-gateway-dev": "github.com/grpc-ecosystem/grpc-gateway",
    "golang-github-igm-pubsub-dev": "github.com/igm/pubsub",
    "golang-github-jonboulle-clockwork-dev": "github.com/jonboulle/clockwork",
    "golang-github-juju-ratelimit-dev": "github.com/juju/ratelimit",
    "golang-github-mdlayher-netx-dev": "github.com/mdlayher/netx",
    "golang-github-mxk-go-flowrate-dev": "github.com/mxk/go-flowrate/flowrate",
    "golang-github-oxtoacart-bpool-dev": "github.com/oxtoacart/bpool",
    "golang-github-pmylund-go-cache-dev": "github.com/pmylund/go-cache",
    "golang-github-rubenv-sql-migrate-dev": "github.com/rubenv/sql-migrate",
    "golang-github-smallstep-cli-dev": "github.com/smallstep/cli",
    "golang-github-viki-org-dnscache-dev": "github.com/viki-org/dnscache",
    "golang-gocloud-dev": "gocloud.dev",
    "golang-github-victoriametrics-victoriametrics-dev": "github.com/VictoriaMetrics/VictoriaMetrics",
    "golang-honnef-go-tools-dev": "honnef.co/go/tools",
    "golang-golang-x-tools-dev": "golang.org/x/tools",
    "golang-google-cloud-dev": "cloud.google.com/go",
    "golang-github-snapcore-snapd-dev": "github.com/snapcore/snapd",
    "golang-github-traefik-yaegi-dev": "github.com/traefik/yaegi",
    # A twelfth batch first run unseen (181k lines): loggers, metrics clients, IRC and XMPP
    # clients, RTP/SRTP, LevelDB, k8s utilities: a goroutine its spawner waits for is part of
    # its spawner's call.
    "golang-debian-mdosch-xmppsrv-dev": "salsa.debian.org/mdosch/xmppsrv",
    "golang-github-armon-circbuf-dev": "github.com/armon/circbuf",
    "golang-github-bluebreezecf-opentsdb-goclient-dev": "github.com/bluebreezecf/opentsdb-goclient",
    "golang-github-circonus-labs-circonus-gometrics-dev": "github.com/circonus-labs/circonus-gometrics",
    "golang-github-client9-reopen-dev": "github.com/client9/reopen",
    "golang-github-cloudflare-go-metrics-dev": "github.com/cloudflare/go-metrics",
    "golang-github-crowdsecurity-dlog-dev": "github.com/crowdsecurity/dlog",
    "golang-github-cyberdelia-go-metrics-graphite-dev": "github.com/cyberdelia/go-metrics-graphite",
    "golang-github-expediadotcom-haystack-client-go-dev": "github.com/ExpediaDotCom/haystack-client-go",
    "golang-github-fluent-fluent-logger-golang-dev": "github.com/fluent/fluent-logger-golang/fluent",
    "golang-github-fluffle-goirc-dev": "github.com/fluffle/goirc",
    "golang-github-go-kit-log-dev": "github.com/go-kit/log",
    "golang-github-gogits-go-gogs-client-dev": "github.com/gogits/go-gogs-client",
    "golang-github-golang-leveldb-dev": "github.com/golang/leveldb",
    "golang-github-googlecloudplatform-guest-logging-go-dev": "github.com/GoogleCloudPlatform/guest-logging-go/logger",
    "golang-github-gravitational-trace-dev": "github.com/gravitational/trace",
    "golang-github-graylog2-go-gelf-dev": "github.com/Graylog2/go-gelf/gelf",
    "golang-github-hawkular-hawkular-client-go-dev": "github.com/hawkular/hawkular-client-go/metrics",
    "golang-github-hlandau-xlog-dev": "github.com/hlandau/xlog",
    "golang-github-inconshreveable-log15-dev": "github.com/inconshreveable/log15",
    "golang-github-influxdata-go-syslog-dev": "github.com/influxdata/go-syslog",
    "golang-github-jacobsa-reqtrace-dev": "github.com/jacobsa/reqtrace",
    "golang-github-jedisct1-dlog-dev": "github.com/jedisct1/dlog",
    "golang-github-juju-loggo-dev": "github.com/juju/loggo",
    "golang-github-koofr-go-httpclient-dev": "github.com/koofr/go-httpclient",
    "golang-github-mattn-go-xmpp-dev": "github.com/mattn/go-xmpp",
    "golang-github-nginxinc-nginx-plus-go-client-dev": "github.com/nginxinc/nginx-plus-go-client/client",
    "golang-github-oklog-run-dev": "github.com/oklog/run",
    "golang-github-op-go-logging-dev": "github.com/op/go-logging",
    "golang-github-peterbourgon-diskv-dev": "github.com/peterbourgon/diskv",
    "golang-github-pion-rtp-dev": "github.com/pion/rtp",
    "golang-github-pion-srtp.v2-dev": "github.com/pion/srtp/v2",
    "golang-github-racksec-srslog-dev": "github.com/RackSec/srslog",
    "golang-github-rs-zerolog-dev": "github.com/rs/zerolog",
    "golang-github-sevlyar-go-daemon-dev": "github.com/sevlyar/go-daemon",
    "golang-github-smallstep-nosql-dev": "github.com/smallstep/nosql",
    "golang-github-victoriametrics-metrics-dev": "github.com/VictoriaMetrics/metrics",
    "golang-github-victoriametrics-metricsql-dev": "github.com/VictoriaMetrics/metricsql",
    "golang-github-vividcortex-godaemon-dev": "github.com/VividCortex/godaemon",
    "golang-github-xyproto-simpleredis-dev": "github.com/xyproto/simpleredis",
    "golang-glog-dev": "github.com/golang/glog",
    "golang-k8s-klog-dev": "k8s.io/klog",
    "golang-k8s-utils-dev": "k8s.io/utils",
    "golang-sorcix-irc-dev": "github.com/sorcix/irc",
    # A thirteenth batch first run unseen (871k lines): gVisor, an actor-style supervisor tree,
    # schema inspectors over database/sql, an Elasticsearch client, channel utilities, Kerberos,
    # JavaScript and Starlark interpreters: a state set under a lock that hands a map to one
    # goroutine, rows handed to a helper whose caller checks their error, a tree walk locking
    # each child in turn, goroutines started in the two branches of one `if`.
    "golang-ariga-atlas-dev": "ariga.io/atlas",
    "golang-github-container-orchestrated-devices-container-device-interface-dev": (
        "github.com/container-orchestrated-devices/container-device-interface"
    ),
    "golang-github-denverdino-aliyungo-dev": "github.com/denverdino/aliyungo",
    "golang-github-dsnet-golib-dev": "github.com/dsnet/golib",
    "golang-github-duo-labs-webauthn-dev": "github.com/duo-labs/webauthn",
    "golang-github-evilsocket-islazy-dev": "github.com/evilsocket/islazy",
    "golang-github-google-wire-dev": "github.com/google/wire",
    "golang-github-gopherjs-gopherjs-dev": "github.com/gopherjs/gopherjs",
    "golang-github-graph-gophers-graphql-go-dev": "github.com/graph-gophers/graphql-go",
    "golang-github-jackc-pgtype-dev": "github.com/jackc/pgtype",
    "golang-github-jsimonetti-rtnetlink-dev": "github.com/jsimonetti/rtnetlink",
    "golang-github-juju-clock-dev": "github.com/juju/clock",
    "golang-github-juju-mutex-dev": "github.com/juju/mutex",
    "golang-github-klauspost-reedsolomon-dev": "github.com/klauspost/reedsolomon",
    "golang-github-kubernetes-gengo-dev": "k8s.io/gengo",
    "golang-github-libvirt-libvirt-go-dev": "github.com/libvirt/libvirt-go",
    "golang-github-mdlayher-genetlink-dev": "github.com/mdlayher/genetlink",
    "golang-github-mmcdole-gofeed-dev": "github.com/mmcdole/gofeed",
    "golang-github-mreiferson-go-snappystream-dev": "github.com/mreiferson/go-snappystream",
    "golang-github-onsi-ginkgo-dev": "github.com/onsi/ginkgo",
    "golang-github-opensuse-umoci-dev": "github.com/opencontainers/umoci",
    "golang-github-pion-datachannel-dev": "github.com/pion/datachannel",
    "golang-github-pzhin-go-sophia-dev": "github.com/pzhin/go-sophia",
    "golang-github-robertkrimen-otto-dev": "github.com/robertkrimen/otto",
    "golang-github-rogpeppe-go-internal-dev": "github.com/rogpeppe/go-internal",
    "golang-github-thejerf-suture-dev": "github.com/thejerf/suture",
    "golang-github-tideland-golib-dev": "github.com/tideland/golib",
    "golang-github-viant-toolbox-dev": "github.com/viant/toolbox",
    "golang-golang-x-vuln-dev": "golang.org/x/vuln",
    "golang-gopkg-eapache-channels.v1-dev": "gopkg.in/eapache/channels.v1",
    "golang-gopkg-jcmturner-gokrb5.v5-dev": "gopkg.in/jcmturner/gokrb5.v5",
    "golang-gopkg-olivere-elastic.v2-dev": "gopkg.in/olivere/elastic.v2",
    "golang-gvisor-gvisor-dev": "gvisor.dev/gvisor",
    "golang-starlark-dev": "go.starlark.net",
    # A fourteenth batch first run unseen (848k lines): Android's build system, a Tor pluggable
    # transport, gossip meshes, SNMP, Bluetooth LE, FUSE, TLS 1.3 forks, object-store SDKs, shells
    # and interpreters: iterators feeding a returned channel, goroutines that take turns on one
    # buffered slot, writes published by closing a channel, signal handlers, functional options,
    # waiters removing their own channels, files held open for their lock or for after the loop.
    "golang-android-soong-dev": "android/soong",
    "golang-bazil-fuse-dev": "bazil.org/fuse",
    "golang-dlib-dev": "github.com/linuxdeepin/go-lib",
    "golang-github-aliyun-aliyun-oss-go-sdk-dev": "github.com/aliyun/aliyun-oss-go-sdk/oss",
    "golang-github-bgp-stayrtr-dev": "github.com/bgp/stayrtr",
    "golang-github-bifurcation-mint-dev": "github.com/bifurcation/mint",
    "golang-github-brentp-irelate-dev": "github.com/brentp/irelate",
    "golang-github-francoispqt-gojay-dev": "github.com/francoispqt/gojay",
    "golang-github-gdamore-tcell.v2-dev": "github.com/gdamore/tcell/v2",
    "golang-github-getsentry-sentry-go-dev": "github.com/getsentry/sentry-go",
    "golang-github-go-chi-chi-dev": "github.com/go-chi/chi",
    "golang-github-go-ldap-ldap-dev": "gopkg.in/ldap.v2",
    "golang-github-gosnmp-gosnmp-dev": "github.com/gosnmp/gosnmp",
    "golang-github-iovisor-gobpf-dev": "github.com/iovisor/gobpf",
    "golang-github-jedib0t-go-pretty-dev": "github.com/jedib0t/go-pretty",
    "golang-github-kurin-blazer-dev": "github.com/kurin/blazer",
    "golang-github-leonelquinteros-gotext-dev": "github.com/leonelquinteros/gotext",
    "golang-github-likexian-gokit-dev": "github.com/likexian/gokit",
    "golang-github-linkedin-goavro-dev": "github.com/linkedin/goavro",
    "golang-github-marten-seemann-qtls-go1-19-dev": "github.com/marten-seemann/qtls-go1-19",
    "golang-github-maruel-panicparse-dev": "github.com/maruel/panicparse/v2",
    "golang-github-mendersoftware-openssl-dev": "github.com/mendersoftware/openssl",
    "golang-github-microcosm-cc-bluemonday-dev": "github.com/microcosm-cc/bluemonday",
    "golang-github-nebulouslabs-bolt-dev": "github.com/NebulousLabs/bolt",
    "golang-github-openshift-imagebuilder-dev": "github.com/openshift/imagebuilder",
    "golang-github-paypal-gatt-dev": "github.com/paypal/gatt",
    "golang-github-pion-stun-dev": "github.com/pion/stun",
    "golang-github-psanford-wormhole-william-dev": "github.com/psanford/wormhole-william",
    "golang-github-rootless-containers-rootlesskit-dev": "github.com/rootless-containers/rootlesskit",
    "golang-github-siddontang-go-dev": "github.com/siddontang/go",
    "golang-github-smartystreets-goconvey-dev": "github.com/smartystreets/goconvey",
    "golang-github-stretchr-testify-dev": "github.com/stretchr/testify",
    "golang-github-weaveworks-mesh-dev": "github.com/weaveworks/mesh",
    "golang-github-yuin-gopher-lua-dev": "github.com/yuin/gopher-lua",
    "golang-gomega-dev": "github.com/onsi/gomega",
    "golang-google-appengine-dev": "google.golang.org/appengine",
    "golang-google-protobuf-dev": "google.golang.org/protobuf",
    "golang-gopkg-pg.v5-dev": "gopkg.in/pg.v5",
    "golang-gopkg-src-d-go-git.v4-dev": "gopkg.in/src-d/go-git.v4",
    "golang-gopkg-telebot.v3-dev": "gopkg.in/telebot.v3",
    "golang-mvdan-sh-dev": "mvdan.cc/sh/v3",
    "golang-oras-oras-go-dev": "oras.land/oras-go/pkg",
    "golang-snowflake-dev": "git.torproject.org/pluggable-transports/snowflake.git",
    # A fifteenth batch first run unseen (1.09M lines analysed): FUSE, UPnP, Kerberos, a proxy,
    # Tor control, cloud SDKs (OpenStack, DigitalOcean, Dropbox, Azure blobs, Akamai, Vultr), an
    # entity framework, packet decoding, a JavaScript engine, HCL, libgit2, an artifact tool: the
    # error branch of an `if` whose own statement opens the file, and a loop over a literal of two
    # values deferring each pass's close.
    "golang-entgo-ent-dev": "entgo.io/ent",
    "golang-github-akamai-akamaiopen-edgegrid-golang-dev": "github.com/akamai/AkamaiOPEN-edgegrid-golang",
    "golang-github-antonmedv-expr-dev": "github.com/antonmedv/expr",
    "golang-github-azure-azure-storage-blob-go-dev": "github.com/Azure/azure-storage-blob-go/azblob",
    "golang-github-centrifugal-protocol-dev": "github.com/centrifugal/protocol",
    "golang-github-containers-conmon-dev": "github.com/containers/conmon/runner",
    "golang-github-cretz-bine-dev": "github.com/cretz/bine",
    "golang-github-cznic-ql-dev": "github.com/cznic/ql",
    "golang-github-data-dog-go-sqlmock-dev": "github.com/DATA-DOG/go-sqlmock",
    "golang-github-digitalocean-godo-dev": "github.com/digitalocean/godo",
    "golang-github-dop251-goja-dev": "github.com/dop251/goja",
    "golang-github-dropbox-dropbox-sdk-go-unofficial-dev": "github.com/dropbox/dropbox-sdk-go-unofficial",
    "golang-github-go-openapi-runtime-dev": "github.com/go-openapi/runtime",
    "golang-github-google-nftables-dev": "github.com/google/nftables",
    "golang-github-gopacket-gopacket-dev": "github.com/gopacket/gopacket",
    "golang-github-gophercloud-gophercloud-dev": "github.com/gophercloud/gophercloud",
    "golang-github-gotk3-gotk3-dev": "github.com/gotk3/gotk3",
    "golang-github-hanwen-go-fuse-dev": "github.com/hanwen/go-fuse",
    "golang-github-hashicorp-hcl-v2-dev": "github.com/hashicorp/hcl/v2",
    "golang-github-hmrc-vmware-govcd-dev": "github.com/hmrc/vmware-govcd",
    "golang-github-huin-goupnp-dev": "github.com/huin/goupnp",
    "golang-github-intel-goresctrl-dev": "github.com/intel/goresctrl",
    "golang-github-jacobsa-fuse-dev": "github.com/jacobsa/fuse",
    "golang-github-jacobsa-gcloud-dev": "github.com/jacobsa/gcloud",
    "golang-github-jcmturner-gokrb5.v8-dev": "github.com/jcmturner/gokrb5",
    "golang-github-juju-gomaasapi-dev": "github.com/juju/gomaasapi",
    "golang-github-kata-containers-govmm-dev": "github.com/kata-containers/govmm/qemu",
    "golang-github-kong-go-kong-dev": "github.com/kong/go-kong/kong",
    "golang-github-libgit2-git2go-v34-dev": "github.com/libgit2/git2go/v34",
    "golang-github-markbates-goth-dev": "github.com/markbates/goth",
    "golang-github-mendersoftware-go-lib-micro-dev": "github.com/mendersoftware/go-lib-micro",
    "golang-github-mendersoftware-mender-artifact-dev": "github.com/mendersoftware/mender-artifact",
    "golang-github-opencontainers-runtime-tools-dev": "github.com/opencontainers/runtime-tools",
    "golang-github-pion-rtcp-dev": "github.com/pion/rtcp",
    "golang-github-prometheus-common-dev": "github.com/prometheus/common",
    "golang-github-rclone-ftp-dev": "github.com/rclone/ftp",
    "golang-github-roaringbitmap-roaring-dev": "github.com/RoaringBitmap/roaring",
    "golang-github-tinylib-msgp-dev": "github.com/tinylib/msgp",
    "golang-github-twstrike-otr3-dev": "github.com/twstrike/otr3",
    "golang-github-vulcand-oxy-dev": "github.com/vulcand/oxy",
    "golang-github-vultr-govultr-dev": "github.com/vultr/govultr",
    "golang-github-zorkian-go-datadog-api-dev": "github.com/zorkian/go-datadog-api",
    "golang-step-crypto-dev": "go.step.sm/crypto",
    # A sixteenth batch first run unseen (818k lines analysed): terminal UIs (cview, tview,
    # bubbletea), an ACME client, AWS SDK v2, ZooKeeper, Slack, Swift, cloud SDKs, DHCP, varlink,
    # x/sys, x/exp: a helper handing back a response a three-result helper closed, a callee that
    # lets its caller's lock go before each error it returns, a branch that unlocks on each of its
    # ways and then returns, and a wrapper's Close unlocking the view its constructor locked.
    "golang-code.rocketnine-tslocum-cview-dev": "code.rocketnine.space/tslocum/cview",
    "golang-collectd-dev": "collectd.org",
    "golang-github-apptainer-container-library-client-dev": "github.com/apptainer/container-library-client/client",
    "golang-github-arceliar-ironwood-dev": "github.com/Arceliar/ironwood",
    "golang-github-aws-aws-sdk-go-v2-dev": "github.com/aws/aws-sdk-go-v2",
    "golang-github-cavaliergopher-grab-dev": "github.com/cavaliergopher/grab/v3",
    "golang-github-charmbracelet-bubbles-dev": "github.com/charmbracelet/bubbles",
    "golang-github-charmbracelet-bubbletea-dev": "github.com/charmbracelet/bubbletea",
    "golang-github-cheggaaa-pb.v3-dev": "github.com/cheggaaa/pb",
    "golang-github-chzyer-readline-dev": "github.com/chzyer/readline",
    "golang-github-cli-go-gh-dev": "github.com/cli/go-gh",
    "golang-github-cloudflare-circl-dev": "github.com/cloudflare/circl",
    "golang-github-coredhcp-coredhcp-dev": "github.com/coredhcp/coredhcp",
    "golang-github-cyberdelia-heroku-go-dev": "github.com/cyberdelia/heroku-go/v5",
    "golang-github-facebook-ent-dev": "github.com/facebook/ent",
    "golang-github-farsightsec-go-nmsg-dev": "github.com/farsightsec/go-nmsg",
    "golang-github-google-blueprint-dev": "github.com/google/blueprint",
    "golang-github-gophercloud-utils-dev": "github.com/gophercloud/utils",
    "golang-github-jacobsa-bazilfuse-dev": "github.com/jacobsa/bazilfuse",
    "golang-github-linuxdeepin-go-x11-client-dev": "github.com/linuxdeepin/go-x11-client",
    "golang-github-mdlayher-dhcp6-dev": "github.com/mdlayher/dhcp6",
    "golang-github-mholt-acmez-dev": "github.com/mholt/acmez",
    "golang-github-ncw-swift-v2-dev": "github.com/ncw/swift/v2",
    "golang-github-nebulouslabs-go-upnp-dev": "github.com/NebulousLabs/go-upnp",
    "golang-github-nlopes-slack-dev": "github.com/nlopes/slack",
    "golang-github-packethost-packngo-dev": "github.com/packethost/packngo",
    "golang-github-rivo-tview-dev": "github.com/rivo/tview",
    "golang-github-samuel-go-zookeeper-dev": "github.com/samuel/go-zookeeper",
    "golang-github-scaleway-scaleway-sdk-go-dev": "github.com/scaleway/scaleway-sdk-go",
    "golang-github-spf13-viper-dev": "github.com/spf13/viper",
    "golang-github-thalesignite-crypto11-dev": "github.com/ThalesIgnite/crypto11",
    "golang-github-tombuildsstuff-giovanni-dev": "github.com/tombuildsstuff/giovanni",
    "golang-github-varlink-go-dev": "github.com/varlink/go",
    "golang-github-vbauerster-mpb-dev": "github.com/vbauerster/mpb",
    "golang-github-vmware-photon-controller-go-sdk-dev": "github.com/vmware/photon-controller-go-sdk/photon",
    "golang-github-xanzy-go-cloudstack-dev": "github.com/xanzy/go-cloudstack/cloudstack",
    "golang-go4-dev": "go4.org",
    "golang-golang-x-exp-dev": "golang.org/x/exp",
    "golang-golang-x-oauth2-dev": "golang.org/x/oauth2",
    "golang-golang-x-sys-dev": "golang.org/x/sys",
    "golang-gopkg-httprequest.v1-dev": "gopkg.in/httprequest.v1",
    "golang-gopkg-lxc-go-lxc.v2-dev": "gopkg.in/lxc/go-lxc.v2",
    "golang-k8s-kube-openapi-dev": "k8s.io/kube-openapi",
    # A seventeenth batch first run unseen (791k lines analysed): Google's API client, gorm, minify,
    # go-prompt, gosigar, wabbit, gompd, lldb, x/text, x/mod, x/time and more: a response read only
    # in an error branch, through an io.LimitReader, counted loops' timers, `// +build ignore`
    # generators, and goroutine leaks in tests, which end with the test binary.
    "golang-github-burntsushi-xgb-dev": "github.com/BurntSushi/xgb",
    "golang-github-gogo-protobuf-dev": "github.com/gogo/protobuf",
    "golang-github-antlr-antlr4-dev": "github.com/antlr/antlr4",
    "golang-github-getkin-kin-openapi-dev": "github.com/getkin/kin-openapi",
    "golang-github-ugorji-go-codec-dev": "github.com/ugorji/go",
    "golang-gonum-v1-plot-dev": "gonum.org/v1/plot",
    "golang-google-api-dev": "google.golang.org/api",
    "golang-github-appc-spec-dev": "github.com/appc/spec",
    "golang-github-go-macaroon-bakery-macaroon-bakery-dev": "github.com/go-macaroon-bakery/macaroon-bakery",
    "golang-github-tdewolff-minify-dev": "github.com/tdewolff/minify",
    "golang-github-jung-kurt-gofpdf-dev": "github.com/jung-kurt/gofpdf",
    "golang-github-jinzhu-gorm-dev": "github.com/jinzhu/gorm",
    "golang-golang-x-mod-dev": "golang.org/x/mod",
    "golang-github-azure-azure-sdk-for-go-dev": "github.com/Azure/azure-sdk-for-go/storage",
    "golang-github-cznic-lldb-dev": "github.com/cznic/lldb",
    "golang-github-tealeg-xlsx-dev": "github.com/tealeg/xlsx",
    "golang-github-itchyny-gojq-dev": "github.com/itchyny/gojq",
    "golang-github-protonmail-gopenpgp-dev": "github.com/ProtonMail/gopenpgp",
    "golang-github-vbatts-tar-split-dev": "github.com/vbatts/tar-split",
    "golang-github-juju-testing-dev": "github.com/juju/testing",
    "golang-github-disintegration-imaging-dev": "github.com/disintegration/imaging",
    "golang-github-dkolbly-wl-dev": "github.com/dkolbly/wl",
    "golang-github-gotestyourself-gotest.tools-dev": "gotest.tools",
    "golang-github-frankban-quicktest-dev": "github.com/frankban/quicktest",
    "golang-github-golang-mock-dev": "github.com/golang/mock",
    "golang-golang-x-text-dev": "golang.org/x/text",
    "golang-github-zenazn-goji-dev": "github.com/zenazn/goji",
    "golang-github-c-bata-go-prompt-dev": "github.com/c-bata/go-prompt",
    "golang-gopkg-check.v1-dev": "gopkg.in/check.v1",
    "golang-github-cloudfoundry-gosigar-dev": "github.com/cloudfoundry/gosigar",
    "golang-github-google-gousb-dev": "github.com/google/gousb",
    "golang-github-neowaylabs-wabbit-dev": "github.com/NeowayLabs/wabbit",
    "golang-github-jarcoal-httpmock-dev": "github.com/jarcoal/httpmock",
    "golang-github-kardianos-service-dev": "github.com/kardianos/service",
    "golang-github-xhit-go-simple-mail-dev": "github.com/xhit/go-simple-mail",
    "golang-github-fhs-gompd-dev": "github.com/fhs/gompd",
    "golang-github-go-macaron-session-dev": "github.com/go-macaron/session",
    "golang-github-juju-persistent-cookiejar-dev": "github.com/juju/persistent-cookiejar",
    "golang-gopkg-h2non-gock.v1-dev": "gopkg.in/h2non/gock.v1",
    "golang-github-nsf-termbox-go-dev": "github.com/nsf/termbox-go",
    "golang-github-jaksi-sshutils-dev": "github.com/jaksi/sshutils",
    "golang-github-pierrec-lz4-dev": "github.com/pierrec/lz4",
    "golang-github-getsentry-raven-go-dev": "github.com/getsentry/raven-go",
    "golang-github-minio-md5-simd-dev": "github.com/minio/md5-simd",
    "golang-github-netflix-go-expect-dev": "github.com/Netflix/go-expect",
    "golang-gopkg-tylerb-graceful.v1-dev": "gopkg.in/tylerb/graceful.v1",
    "golang-github-facebookgo-grace-dev": "github.com/facebookgo/grace",
    "golang-gopkg-eapache-go-resiliency.v1-dev": "gopkg.in/eapache/go-resiliency.v1",
    "golang-github-spacejam-loghisto-dev": "github.com/spacejam/loghisto",
    "golang-gopkg-natefinch-lumberjack.v2-dev": "gopkg.in/natefinch/lumberjack.v2",
    "golang-golang-x-time-dev": "golang.org/x/time",
    "golang-github-prometheus-exporter-toolkit-dev": "github.com/prometheus/exporter-toolkit",
    "golang-github-xordataexchange-crypt-dev": "github.com/xordataexchange/crypt",
    "golang-uber-goleak-dev": "go.uber.org/goleak",
}


def fetch(packages: list[str] | None = None, cache: Path = CACHE) -> Path:
    """The unpacked corpus (its gocode/src directory), downloading what is not cached yet."""
    packages = list(PROJECTS) if packages is None else packages
    debs, root = cache / "debs", cache / "root"
    debs.mkdir(parents=True, exist_ok=True)
    missing = [p for p in packages if not list(debs.glob(f"{p}_*.deb"))]
    if missing:
        got = subprocess.run(["apt-get", "download", *missing], cwd=debs, capture_output=True, text=True)
        if got.returncode != 0:  # a machine whose package lists were never fetched
            subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True)
            subprocess.run(["apt-get", "download", *missing], cwd=debs, check=True, capture_output=True)
    for p in packages:
        deb = sorted(debs.glob(f"{p}_*.deb"))[-1]
        stamp = root / ".unpacked" / deb.name
        if not stamp.exists():
            subprocess.run(["dpkg", "-x", str(deb), str(root)], check=True)
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.touch()
    return root / SRC


def versions(cache: Path = CACHE) -> dict[str, str]:
    """Package -> the Debian version analysed (from the .deb file names)."""
    return {d.name.split("_")[0]: d.name.split("_")[1] for d in sorted((cache / "debs").glob("*.deb"))}


def key(rule_id: str, path: str, line_text: str) -> str:
    """What a verdict is about: the rule, the file and the offending line's code, so that it
    survives the engine moving a finding's column or rewording its message."""
    return f"{rule_id}|{path}|{' '.join(line_text.split())}"


def analyse(src: Path, target: str) -> dict:
    """Findings of every rule over `target` (an import path, or a directory in it), with paths
    relative to `src` as the verdicts name them."""
    with chdir(src):  # so that reported paths start with the import path
        files, _ = collect_files([target])
        lines = sum(d.count(b"\n") + 1 for d in files.values())
        t0 = time.perf_counter()
        report = analyze_paths([target])
        took = time.perf_counter() - t0
    return {"files": len(files), "lines": lines, "seconds": round(took, 1), "findings": [_finding(src, f) for f in report.findings]}


def _line(path: Path, line: int) -> str:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def load_verdicts(path: Path = VERDICTS) -> dict[str, list[dict]]:
    """Verdicts by what they are about (`key`): several when lines of one file read the same."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, list[dict]] = {}
    for v in data["verdicts"]:
        out.setdefault(key(v["rule"], v["path"], v["text"]), []).append(v)
    return out


def verdict_of(verdicts: dict[str, list[dict]], finding: dict) -> dict | None:
    """The verdict about a finding: the one about its rule, file and line's code, and when lines
    of the file read the same, the one judged nearest its line."""
    found = verdicts.get(finding["key"])
    return min(found, key=lambda v: abs(v["line"] - finding["line"])) if found else None


def reported(verdicts: dict[str, list[dict]], findings: list[dict]) -> set[int]:
    """The ids of the verdicts some finding is about."""
    return {id(v) for f in findings if (v := verdict_of(verdicts, f)) is not None}


def analyse_dir(src: Path, directory: str) -> list[dict]:
    """Findings in one package directory (not below it), as a tree walk would report them."""
    files = [p for p in sorted((src / directory).glob("*.go")) if not is_generated(p.read_bytes())]
    with chdir(src):
        report = analyze_paths([str(p.relative_to(src)) for p in files])
    return [_finding(src, f) for f in report.findings]


def _finding(src: Path, f) -> dict:
    text = _line(src / f.span.path, f.span.start_line)
    return {
        "rule": f.rule_id,
        "path": f.span.path,
        "line": f.span.start_line,
        "text": text.strip(),
        "message": f.message,
        "fixes": len(f.fixes),
        "key": key(f.rule_id, f.span.path, text),
    }


def covers(path: str) -> bool:
    return any(path.startswith(p + "/") for p in PROJECTS.values())


def still_current(src: Path, verdict: dict) -> bool:
    """The verdict's line reads the same in the sources analysed now (a new upstream version may
    have moved on: then the verdict is about code that is gone, not about the engine)."""
    path = src / verdict["path"]
    if not path.is_file():
        return False
    want = " ".join(verdict["text"].split())
    return any(" ".join(line.split()) == want for line in path.read_text(encoding="utf-8", errors="replace").splitlines())
