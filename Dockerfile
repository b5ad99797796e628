# One image for every Gamontj service: `docker build --build-arg SERVICE=publisher .`
# sets the default command; Kubernetes sets the command per Deployment, so one image
# (built once, scanned once) runs all five and the web application (SERVICE=web runs
# `python -m web`). See docs/decisions/0031-one-image.md and 0109.

# Pinned to a patch release; rebuilds pick up Debian security fixes for the same Python.
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

# The web application's front-end packages (web/package.json, exact versions) through
# Debian's npm, in a stage of their own: node never reaches the runtime image.
FROM ${PYTHON_IMAGE} AS web-assets
RUN apt-get update \
 && apt-get install -y --no-install-recommends npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /assets
COPY web/package.json ./
RUN npm install --no-package-lock --no-audit --no-fund --prefix /assets

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
COPY web ./web
# pip compiles the bytecode here, at build time: the root filesystem is read-only at run time.
# The provider sandboxes and benchmarks stay out: production never runs them.
# The web app's templates and static files are not Python: copied beside its installed modules.
RUN /opt/gamontj/bin/pip install --no-deps -c constraints.txt . \
 && site=$(/opt/gamontj/bin/python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])") \
 && cp -r web/templates web/static "$site/web/" \
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
COPY --from=web-assets /assets/node_modules /opt/gamontj-web-assets
ENV PATH=/opt/gamontj/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp \
    TMPDIR=/tmp \
    GAMONTJ_DATA_DIR=/tmp/gamontj \
    GAMONTJ_SERVICE=${SERVICE} \
    GAMONTJ_WEB_ASSETS_DIR=/opt/gamontj-web-assets
WORKDIR /tmp
USER 10001:10001
EXPOSE 8080 8081 8090
# exec: python becomes PID 1 and receives SIGTERM itself, so services drain on shutdown.
CMD ["/bin/sh", "-c", "if [ \"$GAMONTJ_SERVICE\" = web ]; then exec python -m web; fi; exec python -m \"services.${GAMONTJ_SERVICE}\""]
