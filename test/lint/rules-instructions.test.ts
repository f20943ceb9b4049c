import { describe, expect, it } from 'vitest';
import { df, ruleIds } from './helpers.js';

interface Case {
  rule: string;
  bad: string;
  expect?: string[];
  good: string[];
  dockerignore?: string;
}

const NO_HEALTH = (s: string): string => s.replace('HEALTHCHECK NONE\n', '');

const CASES: Case[] = [
  { rule: 'DL3025', bad: df('CMD node server.js'), good: [df('CMD ["node", "server.js"]'), df('ENTRYPOINT ["/usr/bin/tini", "--"]')] },
  { rule: 'DL3025', bad: df('ENTRYPOINT /app/run.sh'), good: [df('ENTRYPOINT ["/app/run.sh"]')] },
  { rule: 'DL4003', bad: df('CMD ["a"]', 'CMD ["b"]'), good: [df('CMD ["b"]')] },
  { rule: 'DL4004', bad: df('ENTRYPOINT ["a"]', 'ENTRYPOINT ["b"]'), good: [df('ENTRYPOINT ["b"]')] },
  { rule: 'DL3012', bad: df('HEALTHCHECK CMD ["true"]'), good: [NO_HEALTH(df('HEALTHCHECK CMD ["true"]'))] },
  { rule: 'DL3000', bad: df('WORKDIR app'), good: [df('WORKDIR /app'), df('ENV APP=/app', 'WORKDIR $APP')] },
  { rule: 'DS-0030', bad: df('WORKDIR /proc/app'), good: [df('WORKDIR /app'), df('WORKDIR /usr/src/app')] },
  { rule: 'DL3045', bad: df('COPY app.js ./'), good: [df('WORKDIR /app', 'COPY app.js ./'), df('COPY app.js /app/'), `FROM debian:12-slim AS base\nWORKDIR /app\n${df('COPY app.js ./').replace('debian:12-slim', 'base')}`] },
  { rule: 'DL3021', bad: df('WORKDIR /app', 'COPY a.json b.json dest'), good: [df('WORKDIR /app', 'COPY a.json b.json dest/'), df('COPY ["a.json", "b.json", "/dest/"]')] },
  { rule: 'DL3011', bad: df('EXPOSE 70000'), good: [df('EXPOSE 3000 8080/udp 9000-9010')] },
  { rule: 'ExposeInvalidFormat', bad: df('EXPOSE 127.0.0.1:80:80'), good: [df('EXPOSE 80')] },
  { rule: 'ExposeProtoCasing', bad: df('EXPOSE 80/TCP'), good: [df('EXPOSE 80/tcp')] },
  { rule: 'DS-0004', bad: df('EXPOSE 22'), good: [df('EXPOSE 2222')] },
  { rule: 'DL4000', bad: df('MAINTAINER someone'), good: [df('LABEL org.opencontainers.image.authors="someone"')] },
  { rule: 'DL3048', bad: df('LABEL Bad_Key=x'), good: [df('LABEL org.opencontainers.image.title="x" maintainer=me')] },
  { rule: 'DL3020', bad: df('ADD app.js /app/'), good: [df('COPY app.js /app/'), df('ADD --checksum=sha256:abc https://example.com/x.tar.gz /tmp/'), df('ADD rootfs.tar.gz /')] },
  { rule: 'AddUrlWithoutChecksum', bad: df('ADD https://example.com/tool.tar.gz /tmp/'), good: [df('ADD --checksum=sha256:abc https://example.com/tool.tar.gz /tmp/'), df('ADD rootfs.tar.gz /'), df('COPY app.js /app/')] },
  { rule: 'DL3002', bad: NO_HEALTH(df()).replace('USER 10001:10001', 'HEALTHCHECK NONE'), good: [df(), df().replace('10001:10001', 'nonroot:nonroot')] },
  { rule: 'DL3002', bad: df().replace('10001:10001', 'root'), good: [df().replace('10001:10001', 'app')] },
  { rule: 'DL3002', bad: df().replace('10001:10001', '0:0'), good: [`FROM debian:12-slim AS base\nUSER 1000\n${NO_HEALTH(df()).replace('debian:12-slim', 'base').replace('USER 10001:10001', 'HEALTHCHECK NONE')}`] },
  { rule: 'DL3057', bad: NO_HEALTH(df()), good: [df(), df().replace('HEALTHCHECK NONE', 'HEALTHCHECK --interval=30s CMD ["node","-e","process.exit(0)"]')] },
  { rule: 'CopyIgnoredFile', bad: df('COPY .env /app/'), dockerignore: '.env\nnode_modules\n', good: [df('COPY package.json /app/'), df('COPY --from=nginx:1.27 /.env /app/')] },
  { rule: 'CopyIgnoredFile', bad: df('COPY docs/guide.md /app/'), dockerignore: '*.md\n**/*.md\n!README.md\n', good: [df('COPY README.md /app/'), df('COPY . /app/')] },
];

describe('instruction rules', () => {
  for (const c of CASES) {
    const opts = c.dockerignore === undefined ? {} : { dockerignore: c.dockerignore };
    it(`${c.rule} fires`, async () => {
      expect(await ruleIds(c.bad, opts)).toEqual(c.expect ?? [c.rule]);
    });
    c.good.forEach((good, k) => {
      it(`${c.rule} does not fire (${k + 1})`, async () => {
        expect(await ruleIds(good, opts)).toEqual([]);
      });
    });
  }
});
