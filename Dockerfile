FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The build needs the dev tools, not the embedded PostgreSQL (an optional dependency).
RUN npm ci --no-audit --no-fund --omit=optional
COPY . .
RUN npm run build

# The runtime's modules on their own: no dev tools, and no embedded PostgreSQL,
# since the image always runs on DATABASE_URL (docker-compose.yml gives it).
FROM node:20-bookworm-slim AS modules
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev --omit=optional

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=modules /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The console's page and styles; its compiled modules are in dist/web.
COPY --from=build /app/web/static ./web/static
COPY package.json ./
USER node
CMD ["node", "dist/src/main.js"]
