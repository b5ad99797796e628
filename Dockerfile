# One image for every Gamontj service: `docker build --build-arg SERVICE=publisher .`
# sets the default command; Kubernetes sets the command per Deployment, so one image
# (built once, scanned once) runs all five. See docs/decisions/0031-one-image.md.

# Pinned to a patch release; rebuilds pick up Debian security fixes for the same Python.
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/gamontj
WORKDIR /src
# Dependencies first, from pyproject.toml and constraints.txt only, so code edits reuse this layer.
# (An empty README and empty packages stand in for the real ones, which come next.)
COPY pyproject.toml constraints.txt ./
RUN mkdir services shared && touch README.md \
 && /opt/gamontj/bin/pip install -c constraints.txt . \
 && /opt/gamontj/bin/pip uninstall -y gamontj
COPY README.md ./
COPY services ./services
COPY shared ./shared
# pip compiles the bytecode here, at build time: the root filesystem is read-only at run time.
# The provider sandboxes and benchmarks stay out: production never runs them.
RUN /opt/gamontj/bin/pip install --no-deps -c constraints.txt . \
 && /opt/gamontj/bin/pip check

FROM ${PYTHON_IMAGE} AS runtime
ARG SERVICE=gateway
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="gamontj" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later"
# A fixed numeric uid/gid that Kubernetes' runAsUser/runAsGroup repeat (runAsNonRoot needs numbers).
RUN groupadd --system --gid 10001 gamontj \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /tmp gamontj
COPY --from=build /opt/gamontj /opt/gamontj
ENV PATH=/opt/gamontj/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp \
    TMPDIR=/tmp \
    GAMONTJ_DATA_DIR=/tmp/gamontj \
    GAMONTJ_SERVICE=${SERVICE}
WORKDIR /tmp
USER 10001:10001
EXPOSE 8080 8081
# exec: python becomes PID 1 and receives SIGTERM itself, so services drain on shutdown.
CMD ["/bin/sh", "-c", "exec python -m \"services.${GAMONTJ_SERVICE}\""]
