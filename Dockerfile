FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The console's page and styles; its compiled modules are in dist/web.
COPY --from=build /app/web/static ./web/static
COPY package.json ./
USER node
CMD ["node", "dist/src/main.js"]
