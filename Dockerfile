# syntax=docker/dockerfile:1
# argmap API image: `docker compose up` builds it (see docker-compose.yml).

# --- build stage ---------------------------------------------------------------
FROM golang:1.26 AS build
WORKDIR /src
# Dependencies first so they are cached while only the sources change.
# (go.sum* : the module may have no dependencies yet.)
COPY go.mod go.sum* ./
RUN go mod download
COPY . .
# Static binary (no cgo) so it runs on the small alpine runtime below.
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /argmap ./cmd/argmap

# --- runtime stage -------------------------------------------------------------
# alpine rather than distroless: the healthcheck needs a tool (busybox wget).
FROM alpine:3.22
RUN apk add --no-cache ca-certificates tzdata \
    && addgroup -S -g 10001 argmap \
    && adduser -S -D -H -u 10001 -G argmap argmap
COPY --from=build /argmap /argmap
# The seed map, loaded into an empty database by the compose "seed" service.
COPY data/seed /seed
USER argmap:argmap
ENV ARGMAP_ADDR=:8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD wget -q -O /dev/null http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["/argmap"]
CMD ["serve"]
