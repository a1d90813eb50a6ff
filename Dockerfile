# conform as an image, for CI systems that prefer one: the static binary and an empty /tmp,
# nothing else. Build the binary first, so the build needs no registry:
#   CGO_ENABLED=0 go build -o conform ./cmd/conform && mkdir -p tmp && docker build -t conform .
# (scripts/docker-image.sh does exactly that in a scratch context.)
FROM scratch
COPY conform /conform
COPY tmp /tmp
ENV TMPDIR=/tmp
WORKDIR /work
ENTRYPOINT ["/conform"]
CMD ["run"]
