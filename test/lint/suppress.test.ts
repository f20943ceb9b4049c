import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/lint/config.js';
import { df, ruleIds } from './helpers.js';

const BAD_APT = 'RUN apt-get update && apt-get install curl && rm -rf /var/lib/apt/lists/*';

describe('inline suppression', () => {
  it('reports both rules without a comment', async () => {
    expect(await ruleIds(df(BAD_APT))).toEqual(['DL3014', 'DL3015']);
  });

  it('# hadolint ignore= applies to the next instruction only', async () => {
    const text = df('# hadolint ignore=DL3014,DL3015', BAD_APT, 'WORKDIR /', BAD_APT.replace('curl', 'git'));
    const findings = await ruleIds(text);
    expect(findings).toEqual(['DL3014', 'DL3015']);
  });

  it('suppresses the next instruction even across further comment lines', async () => {
    expect(await ruleIds(df('# hadolint ignore=DL3014,DL3015', '# install curl', BAD_APT))).toEqual([]);
  });

  it('accepts # create-dockerfile ignore= and matches aliases', async () => {
    expect(await ruleIds(df('# create-dockerfile ignore=DS-0021,DS-0029', BAD_APT))).toEqual([]);
    expect(await ruleIds(df('# create-dockerfile ignore=JSONArgsRecommended', 'CMD node x.js'))).toEqual([]);
  });

  it('# hadolint global ignore= applies to the whole file', async () => {
    const text = `# hadolint global ignore=DL3014\n${df(BAD_APT, 'WORKDIR /', BAD_APT.replace('curl', 'git'))}`;
    expect(await ruleIds(text)).toEqual(['DL3015']);
  });

  it('honours BuildKit # check=skip= directives', async () => {
    const text = `# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended\n${df('CMD node x.js')}`;
    expect(await ruleIds(text)).toEqual([]);
    expect(await ruleIds(text.replace('check=skip=', 'check=error=true;skip='))).toEqual([]);
    expect(await ruleIds(text.replace('# check=skip=JSONArgsRecommended\n', ''))).toEqual(['DL3025']);
  });

  it('stage-level findings can be suppressed above the FROM', async () => {
    const text = '# hadolint ignore=DL3057\nFROM debian:12-slim\nUSER 1000\n';
    expect(await ruleIds(text)).toEqual([]);
    expect(await ruleIds(text.replace('# hadolint ignore=DL3057\n', ''))).toEqual(['DL3057']);
  });

  it('the ignore option (config) matches primary ids and aliases', async () => {
    expect(await ruleIds(df(BAD_APT), { ignore: ['DL3014', 'DS-0029'] })).toEqual([]);
    expect(await ruleIds(df(BAD_APT), { ignore: ['dl3014'] })).toEqual(['DL3015']);
  });
});

describe('config parsing', () => {
  it('reads hadolint keys', () => {
    const config = parseConfig('ignored:\n  - DL3008\n  - DL3059\nfailure-threshold: error\n', '.hadolint.yaml');
    expect(config.ignored).toEqual(['DL3008', 'DL3059']);
    expect(config.failureThreshold).toBe('error');
  });

  it('maps style to info and none to never-fail', () => {
    expect(parseConfig('failure-threshold: style\n', 'x').failureThreshold).toBe('info');
    expect(parseConfig('failure-threshold: none\n', 'x').failureThreshold).toBeNull();
  });

  it('accepts an empty file and rejects malformed ones', () => {
    expect(parseConfig('', 'x').ignored).toEqual([]);
    expect(() => parseConfig('ignored: DL3008\n', 'x')).toThrow(/list of rule ids/);
    expect(() => parseConfig('ignored: [\n', 'x')).toThrow(/invalid YAML/);
    expect(() => parseConfig('failure-threshold: loud\n', 'x')).toThrow(/failure-threshold/);
  });
});
