# nilai for production: an external PostgreSQL (DATABASE_URL), the application key from the environment
# (NILAI_SECRET_KEY), non-root. See docs/deploy.md.
FROM node:20-slim

ENV NODE_ENV=production
WORKDIR /app

# Runtime dependencies only. esbuild, tsx, vite and @vitejs/plugin-react are among them on purpose: the server
# (dist/server) and the admin app (web/dist) are built with them below, once, at image build time.
# Report email charts are drawn as SVG and rasterized to PNG by resvg, which needs a font for their labels.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
COPY web ./web
RUN node --import tsx scripts/build.ts --force \
  && mkdir -p /app/data \
  && chown node:node /app/data

# The image's own unprivileged user (uid 1000). Nothing under /app is writable by it except DATA_DIR,
# which only the embedded PostgreSQL uses (when DATABASE_URL is unset: fine for a try-out, not for replicas).
USER node

ENV HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data
EXPOSE 3000

# slim has no curl: Node's fetch asks /healthz (200 only when the database answers).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Not `npm start`: the server and the admin app are already built, and without npm in between SIGTERM (docker stop)
# reaches nilai directly, which then stops in order (HTTP, jobs, job system, pool).
CMD ["node", "--enable-source-maps", "dist/server/main.js", "serve"]
