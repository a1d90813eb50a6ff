# conform as an image, for CI systems that prefer one: the static binary and an empty /tmp,
# nothing else. Build the binary first, so the build needs no registry:
#   CGO_ENABLED=0 go build -o conform ./cmd/conform && mkdir -p tmp && chmod 1777 tmp && docker build -t conform .
# (scripts/docker-image.sh does exactly that in a scratch context.)
FROM scratch
COPY conform /conform
# conform runs as an unprivileged user, who owns /tmp for its temporary files.
COPY --chown=65532:65532 tmp /tmp
ENV TMPDIR=/tmp
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["/conform"]
CMD ["run"]
