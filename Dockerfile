# syntax=docker/dockerfile:1
# Vagtcentral server image. Build:  docker build --build-arg COMMIT=$(git rev-parse HEAD) -t vagtcentral:local .
# Run two nodes on PostgreSQL:      see compose.yaml and docs/operations-cluster.md.

# ---- build: the shaded server jar (not the demo launcher), tests skipped (CI runs them) ----
FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY protocol protocol
COPY server server
COPY simulator simulator
COPY config config
ARG COMMIT=unknown
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl server -am package -DskipTests -Dvagtcentral.commit="${COMMIT}" \
 && cp server/target/vagtcentral-server.jar /vagtcentral-server.jar

# ---- runtime: a JRE, a system user, nothing else ----
FROM eclipse-temurin:17-jre-jammy
RUN groupadd --system vagtcentral \
 && useradd --system --gid vagtcentral --home-dir /var/lib/vagtcentral --shell /usr/sbin/nologin vagtcentral \
 && install -d -o vagtcentral -g vagtcentral -m 750 /var/lib/vagtcentral
COPY --from=build /vagtcentral-server.jar /opt/vagtcentral/vagtcentral-server.jar
# The defaults (config/vagtcentral.yaml) are built into the jar; a container listens on every interface and keeps
# its H2 data (single node) under the volume. Everything else comes as VAGTCENTRAL_<KEY> variables
# (VAGTCENTRAL_STORE_URL, VAGTCENTRAL_NODE_ID ...); secrets too, never baked into the image.
ENV VAGTCENTRAL_DC09_HOST=0.0.0.0 \
    VAGTCENTRAL_HTTP_HOST=0.0.0.0 \
    VAGTCENTRAL_DATA_DIR=/var/lib/vagtcentral
USER vagtcentral
WORKDIR /var/lib/vagtcentral
VOLUME /var/lib/vagtcentral
# DC-09 over TCP and UDP on one port number, HTTP (API, desks, /health, /metrics)
EXPOSE 7111/tcp 7111/udp 8180/tcp
# liveness without curl in the image: bash's /dev/tcp, one HTTP/1.0 request, a 200 status line
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8180 && printf 'GET /health/live HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# The heap is capped on purpose (every queue is bounded); a JVM that still runs out exits and the container
# runtime restarts it. Arguments after the image name are passed on (e.g. --config /etc/vagtcentral/my.yaml).
ENTRYPOINT ["java", "-Xms256m", "-Xmx1g", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/vagtcentral/vagtcentral-server.jar"]
