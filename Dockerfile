# syntax=docker/dockerfile:1
# Fengkong's scoring processor.
#
# Two stages. The build stage has the compilers and headers @confluentinc/kafka-javascript needs:
# with CKJS_LINKING=dynamic it builds its bundled librdkafka as a shared library against the
# system's OpenSSL, Cyrus SASL, zstd, lz4 and zlib (the same way scripts/setup.sh builds it for
# development), instead of downloading those libraries' sources at install time. The runtime
# stage carries only the shared libraries. TypeScript runs through tsx (a dependency), so there
# is no compile step. Health is checked by compose (GET /readyz on METRICS_PORT).
ARG NODE_IMAGE=node:20-slim

FROM ${NODE_IMAGE} AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential python3 pkg-config ca-certificates \
      libssl-dev libsasl2-dev libzstd-dev liblz4-dev zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
ENV CKJS_LINKING=dynamic
# The Kafka client is an optional dependency, so npm would carry on if its build failed; fail
# the image build instead of shipping a processor that cannot use KAFKA_CLIENT=confluent.
RUN npm ci --omit=dev --no-audit --no-fund \
 && node -e "require('@confluentinc/kafka-javascript')"

FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates libssl3 libsasl2-2 libzstd1 liblz4-1 zlib1g \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node . .
# The image's unprivileged user; nothing here needs root.
USER node
EXPOSE 9464
CMD ["node", "bin/fengkong.js", "start"]
