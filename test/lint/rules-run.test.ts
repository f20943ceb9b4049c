import { describe, expect, it } from 'vitest';
import { df, ruleIds } from './helpers.js';

interface Case {
  rule: string;
  bad: string;
  expect?: string[];
  good: string[];
}

const APT_OK = 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*';
const APT_CACHE = 'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n    apt-get update && apt-get install -y --no-install-recommends curl';
const alpine = (...body: string[]): string => df(...body).replace('debian:12-slim', 'alpine:3.20');

const CASES: Case[] = [
  { rule: 'DL3004', bad: df('RUN sudo make install'), good: [df('RUN make install')] },
  { rule: 'DL3003', bad: df('RUN cd /tmp && make'), good: [df('WORKDIR /tmp', 'RUN make'), df('RUN echo "cd /tmp"')] },
  { rule: 'DL3001', bad: df('RUN ps aux'), good: [df('RUN echo ps')] },
  { rule: 'DL4005', bad: df('RUN ln -sf /bin/bash /bin/sh'), good: [df('SHELL ["/bin/bash", "-c"]', 'RUN ln -s /usr/bin/python3 /usr/local/bin/python')] },
  { rule: 'DL4006', bad: df('RUN curl -fsSL https://example.com/x | tar -xz'), good: [df('SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'RUN curl -fsSL https://example.com/x | tar -xz'), alpine('RUN set -o pipefail && wget -qO- https://example.com/x | tar -xz'), df('RUN grep -E "a|b" /etc/hosts || true'), df('RUN ["sh", "-c", "a | b"]')] },
  { rule: 'DL3046', bad: df('RUN useradd -u 1000000 app'), good: [df('RUN useradd -l -u 1000000 app'), df('RUN useradd --uid 10001 app')] },
  { rule: 'DL3047', bad: df('RUN wget https://example.com/x'), good: [df('RUN wget -q https://example.com/x'), df('RUN wget --progress=dot:giga https://example.com/x')] },
  { rule: 'DL4001', bad: df('RUN curl -fsSLo /a https://example.com/a', 'WORKDIR /', 'RUN wget -q https://example.com/b'), good: [df('RUN curl -fsSLo /a https://example.com/a', 'WORKDIR /', 'RUN curl -fsSLo /b https://example.com/b')] },
  { rule: 'DL3059', bad: df('RUN echo a', 'RUN echo b'), good: [df('RUN echo a', 'WORKDIR /x', 'RUN echo b'), df('RUN --mount=type=cache,target=/a echo a', 'RUN echo b'), df('RUN a && b && c', 'RUN d')] },
  { rule: 'DL3059', bad: df('RUN echo a', '# why', 'RUN echo b'), good: [df('RUN echo a && echo b')] },
  { rule: 'DL3014', bad: df('RUN apt-get update && apt-get install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*'), good: [df(APT_OK), df(APT_OK.replace('-y', '-qq')), df(APT_OK.replace('install -y', '-yq install'))] },
  { rule: 'DL3015', bad: df('RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'), good: [df(APT_OK)] },
  { rule: 'DL3009', bad: df('RUN apt-get update && apt-get install -y --no-install-recommends curl'), good: [df(APT_OK), df(APT_CACHE), `FROM debian:12-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\n${df()}`] },
  { rule: 'DS-0017', bad: df('RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*'), good: [df(APT_OK), df('COPY pkg.deb /tmp/', 'RUN apt-get install -y --no-install-recommends /tmp/pkg.deb')] },
  { rule: 'DS-0017', bad: df('RUN apt-get update', 'WORKDIR /', APT_OK), expect: ['DL3009', 'DS-0017'], good: [df(APT_OK)] },
  { rule: 'DL3027', bad: df('RUN apt update && apt install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*'), good: [df(APT_OK)] },
  { rule: 'DS-0024', bad: df('RUN apt-get update && apt-get dist-upgrade -y && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*'), good: [df(APT_OK)] },
  { rule: 'DL3019', bad: alpine('RUN apk add curl'), good: [alpine('RUN apk add --no-cache curl'), alpine('RUN --mount=type=cache,target=/var/cache/apk apk add curl')] },
  { rule: 'DL3042', bad: df('RUN pip install flask==3.0.0'), good: [df('RUN pip install --no-cache-dir flask==3.0.0'), df('ENV PIP_NO_CACHE_DIR=1', 'RUN pip install flask==3.0.0'), df('RUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.0'), df('RUN uv pip install flask')] },
  { rule: 'DL3042', bad: df('RUN python3 -m pip install -r requirements.txt'), good: [df('RUN PIP_NO_CACHE_DIR=1 python3 -m pip install -r requirements.txt')] },
  { rule: 'DL3060', bad: df('RUN yarn install --frozen-lockfile'), good: [df('RUN yarn install --frozen-lockfile && yarn cache clean'), df('RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile')] },
  { rule: 'DL3016', bad: df('RUN npm install -g pm2'), good: [df('RUN npm install -g pm2@5.4.2 @scope/tool@1.0.0'), df('RUN npm install express'), df('RUN npm i -g ./tool.tgz')] },
  { rule: 'DL3062', bad: df('RUN go install golang.org/x/tools/cmd/goimports'), good: [df('RUN go install golang.org/x/tools/cmd/goimports@v0.24.0'), df('RUN go install -tags netgo ./cmd/...')] },
  { rule: 'DL3028', bad: df('RUN gem install bundler'), good: [df('RUN gem install bundler:2.5.0'), df('RUN gem install bundler -v 2.5.0')] },
];

describe('RUN and package-manager rules', () => {
  for (const c of CASES) {
    it(`${c.rule} fires`, async () => {
      expect(await ruleIds(c.bad)).toEqual(c.expect ?? [c.rule]);
    });
    c.good.forEach((good, k) => {
      it(`${c.rule} does not fire (${k + 1})`, async () => {
        expect(await ruleIds(good)).toEqual([]);
      });
    });
  }
});

describe('waived rules', () => {
  const text = df('RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*', 'RUN pip install --no-cache-dir flask');
  it('DL3008 and DL3013 are off by default', async () => {
    expect(await ruleIds(text)).toEqual([]);
  });
  it('run when enabled', async () => {
    expect(await ruleIds(text, { enable: ['DL3008', 'DL3013'] })).toEqual(['DL3008', 'DL3013']);
  });
  it('DL3018 runs when enabled', async () => {
    expect(await ruleIds(alpine('RUN apk add --no-cache curl'), { enable: ['DL3018'] })).toEqual(['DL3018']);
    expect(await ruleIds(alpine('RUN apk add --no-cache curl=8.9.0-r0'), { enable: ['DL3018'] })).toEqual([]);
  });
});
