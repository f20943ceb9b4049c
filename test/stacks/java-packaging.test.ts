import { describe, expect, it } from 'vitest';
import { createProject } from '../../src/project.js';
import { java } from '../../src/stacks/java/index.js';
import { gradleMaxJdk, wrapperGradleVersion } from '../../src/stacks/java/wrapper-jdk.js';
import { mavenMaxJdk, wrapperMavenVersion } from '../../src/stacks/java/maven-jdk.js';
import { javaRange } from '../../src/stacks/java/jdk-bounds.js';
import { runCli, tempRepos, type JsonOutput } from '../helpers.js';

const repo = tempRepos('cdf-java-');

async function detectIn(files: Record<string, string>) {
  const detection = await java.detect(await createProject(await repo(files)));
  if (detection === null) throw new Error('not detected');
  return detection;
}

const bootPom = (version: string): string => `<project><modelVersion>4.0.0</modelVersion>
  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>${version}</version></parent>
  <groupId>com.example</groupId><artifactId>demo</artifactId><version>1.0</version>
  <dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies>
  <build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>
</project>`;

describe('the Spring Boot version decides the packaging', () => {
  it.each([
    ['1.5.22.RELEASE', 'fat-jar', null],
    ['2.3.12.RELEASE', 'fat-jar', null],
    ['2.4.0', 'spring-boot', 'layertools'],
    ['3.2.5', 'spring-boot', 'layertools'],
    ['3.3.0', 'spring-boot', 'tools'],
  ])('Maven parent %s → %s %s', async (version, kind, extractor) => {
    const { facts, values } = await detectIn({ 'pom.xml': bootPom(version) });
    const packaging = facts.modules[0]?.packaging;
    expect(packaging?.kind).toBe(kind);
    if (packaging?.kind === 'spring-boot') expect(packaging.extractor).toBe(extractor);
    else expect(values.startCommand).toEqual(['java', '-jar', 'app.jar']);
  });

  it('Boot 3.2 moved the launcher to loader.launch', async () => {
    const old = (await detectIn({ 'pom.xml': bootPom('3.1.12') })).facts.modules[0]?.packaging;
    const launch = (await detectIn({ 'pom.xml': bootPom('3.2.0') })).facts.modules[0]?.packaging;
    expect(old?.kind === 'spring-boot' && old.launcher).toBe('org.springframework.boot.loader.JarLauncher');
    expect(launch?.kind === 'spring-boot' && launch.launcher).toBe('org.springframework.boot.loader.launch.JarLauncher');
  });

  it('Gradle: ext.springBootVersion with apply plugin (Boot 1.x) runs the fat jar built by assemble', async () => {
    const build = "buildscript {\n  ext { springBootVersion = '1.5.22.RELEASE' }\n  dependencies { classpath(\"org.springframework.boot:spring-boot-gradle-plugin:${springBootVersion}\") }\n}\napply plugin: 'java'\napply plugin: 'org.springframework.boot'\nversion = '0.1.0'\n";
    const { facts } = await detectIn({ 'build.gradle': build, 'settings.gradle': "rootProject.name = 'legacy'\n" });
    expect(facts.modules[0]?.frameworkVersion).toBe('1.5.22.RELEASE');
    expect(facts.modules[0]?.packaging.kind).toBe('fat-jar');
    expect(facts.modules[0]?.task).toBe('assemble');
  });

  it('Gradle: the plugins block version and a literal classpath version are read', async () => {
    const plugins = await detectIn({ 'build.gradle': "plugins {\n  id 'java'\n  id 'org.springframework.boot' version '2.7.18'\n}\n", 'settings.gradle': "rootProject.name = 'svc'\n" });
    expect(plugins.facts.modules[0]?.packaging).toMatchObject({ kind: 'spring-boot', extractor: 'layertools' });
    expect(plugins.facts.modules[0]?.task).toBe('bootJar');
    const classpath = await detectIn({ 'build.gradle': "buildscript { dependencies { classpath 'org.springframework.boot:spring-boot-gradle-plugin:2.2.13.RELEASE' } }\napply plugin: 'org.springframework.boot'\n", 'settings.gradle': '' });
    expect(classpath.facts.modules[0]?.frameworkVersion).toBe('2.2.13.RELEASE');
    expect(classpath.facts.modules[0]?.packaging.kind).toBe('fat-jar');
  });

  it('the fat-jar image runs java -jar without jarmode extraction', async () => {
    const dir = await repo({ 'pom.xml': bootPom('2.3.12.RELEASE') });
    const result = await runCli([dir, '--yes', '--dry-run', '--json', '--only', 'dockerfile'], dir);
    const dockerfile = (JSON.parse(result.stdout) as JsonOutput).files[0]?.contents ?? '';
    expect(dockerfile).not.toContain('jarmode');
    expect(dockerfile).toContain('"-jar", "app.jar"');
  });
});

describe('the JDK must run the build tool', () => {
  it.each([
    ['8.2.1', 19],
    ['8.5', 21],
    ['8.14.3', 24],
    ['9.1.0', 25],
    ['7.6', 19],
    ['6.9.4', 15],
  ])('Gradle %s runs on JDK %i at most', (gradle, jdk) => {
    expect(gradleMaxJdk(gradle)).toBe(jdk);
  });

  it('reads the wrapper distribution version', () => {
    expect(wrapperGradleVersion('distributionBase=GRADLE_USER_HOME\ndistributionUrl=https\\://services.gradle.org/distributions/gradle-8.2.1-bin.zip\n')).toBe('8.2.1');
    expect(wrapperGradleVersion('distributionUrl=https\\://services.gradle.org/distributions/gradle-9.1.0-all.zip\n')).toBe('9.1.0');
  });

  const wrapped = (gradle: string, build = "plugins { id 'application' }\napplication { mainClass = 'app.Main' }\n"): Record<string, string> => ({
    'build.gradle': build,
    'settings.gradle': "rootProject.name = 'app'\n",
    gradlew: '#!/bin/sh\n',
    'gradle/wrapper/gradle-wrapper.properties': `distributionUrl=https\\://services.gradle.org/distributions/gradle-${gradle}-bin.zip\n`,
    'gradle/wrapper/gradle-wrapper.jar': '',
  });

  it.each([
    ['8.2', '17'],
    ['8.5', '21'],
    ['9.1.0', '25'],
  ])('with no JDK named, wrapper %s gets JDK %s and says why', async (gradle, jdk) => {
    const d = await detectIn(wrapped(gradle));
    expect(d.values.languageVersion).toBe(jdk);
    if (jdk !== '25') expect(d.evidence).toContainEqual({ file: 'gradle/wrapper/gradle-wrapper.properties', reason: expect.stringContaining(`JDK ${jdk}, the newest LTS it can run`) });
  });

  it('a toolchain the wrapper cannot run is kept, with a warning to upgrade the wrapper', async () => {
    const d = await detectIn(wrapped('8.2', "plugins { id 'application' }\njava { toolchain { languageVersion = JavaLanguageVersion.of(21) } }\napplication { mainClass = 'app.Main' }\n"));
    expect(d.values.languageVersion).toBe('21');
    expect(d.warnings.join('\n')).toContain('Gradle 8.2 runs on JDK 19 at most, but the build asks for JDK 21');
  });

  it('a pinned feature release past its support is kept with a warning', async () => {
    const d = await detectIn({ 'pom.xml': '<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId><artifactId>a</artifactId><version>1</version><properties><maven.compiler.release>23</maven.compiler.release></properties></project>' });
    expect(d.values.languageVersion).toBe('23');
    expect(d.warnings).toContain('Java 23 is past end of life; kept because the repo pins it. The oldest supported line is Java 8.');
  });
});

describe('the Maven wrapper and the build plugins cap the JDK', () => {
  const pom = (inner: string): string => `<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId><artifactId>a</artifactId><version>1</version>${inner}<build><plugins><plugin><artifactId>exec-maven-plugin</artifactId><groupId>org.codehaus.mojo</groupId><configuration><mainClass>a.Main</mainClass></configuration></plugin></plugins></build></project>`;
  const plugin = (xml: string): string => pom('').replace('<plugins>', `<plugins>${xml}`);
  const wrapped = (maven: string, pomXml: string): Record<string, string> => ({
    'pom.xml': pomXml,
    mvnw: '#!/bin/sh\n',
    '.mvn/wrapper/maven-wrapper.properties': `distributionUrl=https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/${maven}/apache-maven-${maven}-bin.zip\n`,
  });

  it.each([
    ['3.9.11', 25],
    ['3.8.8', 17],
    ['3.8.1', 16],
    ['3.6.3', 15],
    ['3.5.4', 11],
    ['3.3.9', 8],
  ])('Maven %s runs on JDK %i at most', (maven, jdk) => {
    expect(mavenMaxJdk(maven)).toBe(jdk);
  });

  it('reads the wrapper distribution version, release candidates included', () => {
    expect(wrapperMavenVersion('distributionUrl=https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/3.8.6/apache-maven-3.8.6-bin.zip\nwrapperUrl=x\n')).toBe('3.8.6');
    expect(wrapperMavenVersion('distributionUrl=https\\://repo1/apache-maven-4.0.0-rc-4-bin.zip')).toBe('4.0.0-rc-4');
    expect(wrapperMavenVersion('wrapperVersion=3.3.2\n')).toBeNull();
  });

  it.each([
    ['[17,18)', 'minimum', { min: 17, max: 17 }],
    ['[11,)', 'minimum', { min: 11, max: null }],
    ['(,21]', 'minimum', { min: null, max: 21 }],
    ['[1.8,11]', 'minimum', { min: 8, max: 11 }],
    ['[21]', 'minimum', { min: 21, max: 21 }],
    ['1.8', 'minimum', { min: 8, max: null }],
    ['17', 'exact', { min: 17, max: 17 }],
  ] as const)('the range %s (%s when bare) is %o', (spec, bare, range) => {
    expect(javaRange(spec, bare)).toEqual(range);
  });

  it('several ranges or words are not guessed', () => {
    expect(javaRange('[1.8,9),[11,)', 'minimum')).toBeNull();
    expect(javaRange('latest', 'minimum')).toBeNull();
  });

  it('with no JDK named, the wrapper Maven 3.8 gets JDK 17 and says why', async () => {
    const d = await detectIn(wrapped('3.8.6', pom('')));
    expect(d.values.languageVersion).toBe('17');
    expect(d.evidence).toContainEqual({ file: '.mvn/wrapper/maven-wrapper.properties', reason: 'Maven 3.8.6 runs on JDK 17 at most: JDK 17, the newest LTS it can run' });
  });

  it('a release the wrapper cannot run is kept, with a warning to upgrade the wrapper', async () => {
    const d = await detectIn(wrapped('3.6.3', pom('<properties><maven.compiler.release>21</maven.compiler.release></properties>')));
    expect(d.values.languageVersion).toBe('21');
    expect(d.warnings.join('\n')).toContain('Maven 3.6.3 runs on JDK 15 at most, but the build asks for JDK 21');
  });

  it('Maven 4 needs JDK 17: an older release target gets the newest LTS', async () => {
    const d = await detectIn(wrapped('4.0.0-rc-4', pom('<properties><maven.compiler.release>11</maven.compiler.release></properties>')));
    expect(d.values.languageVersion).toBe('25');
    expect(d.evidence.map((e) => e.reason)).toContain('Maven 4.0.0-rc-4 needs JDK 17 or newer: JDK 25, the newest LTS it can run');
  });

  it('no wrapper: the official Maven image runs any JDK, so only the build decides', async () => {
    expect((await detectIn({ 'pom.xml': pom('') })).values.languageVersion).toBe('25');
  });

  it('the enforcer requireJavaVersion range caps the default JDK', async () => {
    const d = await detectIn({ 'pom.xml': plugin('<plugin><artifactId>maven-enforcer-plugin</artifactId><executions><execution><id>java</id><goals><goal>enforce</goal></goals><configuration><rules><requireJavaVersion><version>[11,18)</version></requireJavaVersion></rules></configuration></execution></executions></plugin>') });
    expect(d.values.languageVersion).toBe('17');
    expect(d.evidence.map((e) => e.reason)).toContain('maven-enforcer-plugin requireJavaVersion [11,18): JDK 17, the newest LTS it can run');
  });

  it('a compile target javac dropped (1.7) gets the newest LTS that still compiles it, without a bogus warning', async () => {
    const d = await detectIn({ 'pom.xml': pom('<properties><maven.compiler.source>1.7</maven.compiler.source><maven.compiler.target>1.7</maven.compiler.target></properties>') });
    expect(d.values.languageVersion).toBe('17');
    expect(d.evidence.map((e) => e.reason)).toContain('maven.compiler.source 1.7 compiles only on JDK 19 or older: JDK 17, the newest LTS it can run');
    expect(d.warnings.join('\n')).not.toContain('not a Java release');
  });

  it('a JDK toolchain picks the JDK and the image describes it in toolchains.xml', async () => {
    const files = { 'pom.xml': plugin('<plugin><artifactId>maven-toolchains-plugin</artifactId><version>3.2.0</version><executions><execution><goals><goal>toolchain</goal></goals></execution></executions><configuration><toolchains><jdk><version>17</version></jdk></toolchains></configuration></plugin>') };
    const d = await detectIn(files);
    expect(d.values.languageVersion).toBe('17');
    expect(d.facts.toolchain).toBe('17');
    const dir = await repo(files);
    const result = await runCli([dir, '--yes', '--dry-run', '--json', '--only', 'dockerfile'], dir);
    const dockerfile = (JSON.parse(result.stdout) as JsonOutput).files[0]?.contents ?? '';
    expect(dockerfile).toContain('cat > /root/.m2/toolchains.xml <<XML');
    expect(dockerfile).toContain('<provides><version>17</version></provides>');
    expect(dockerfile).toContain('<jdkHome>${JAVA_HOME}</jdkHome>');
    // Without the plugin there is no toolchains.xml.
    expect((await detectIn({ 'pom.xml': pom('') })).facts.toolchain).toBeUndefined();
  });
});

describe('multi-project Gradle builds', () => {
  it('a root with only settings.gradle finds the application among its projects', async () => {
    const d = await detectIn({
      'settings.gradle': "rootProject.name = 'shop'\ninclude 'api', 'core'\n",
      'api/build.gradle': "plugins { id 'application' }\napplication { mainClass = 'shop.api.Main' }\ndependencies { implementation project(':core') }\n",
      'core/build.gradle': "plugins { id 'java-library' }\n",
    });
    expect(d.facts.modules.map((m) => m.path)).toEqual(['api', 'core']);
    expect(d.facts.defaultModule).toBe('api');
    expect(d.values.startCommand).toEqual(['java', '-cp', 'lib/*', 'shop.api.Main']);
  });

  it('a build script that does not compile still gets its stack, tool and version', async () => {
    const d = await detectIn({ 'build.gradle.kts': 'plugins {\n  application\n  id("org.springframework.boot") version "3.4.1"\n}\njava { toolchain { languageVersion = JavaLanguageVersion.of(21) } }\nthis does not compile {{{\n', 'settings.gradle.kts': 'rootProject.name = "broken"\n' });
    expect(d.stack).toBe('java');
    expect(d.values.packageManager).toBe('gradle');
    expect(d.values.languageVersion).toBe('21');
    expect(d.values.framework).toBe('Spring Boot');
  });
});

describe('plain Java apps: the main class from the build', () => {
  const pom = (plugins: string): string => `<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId><artifactId>tool</artifactId><version>1.0</version><build><plugins>${plugins}</plugins></build></project>`;

  it('maven-assembly-plugin manifest: the jar-with-dependencies runs with java -jar', async () => {
    const d = await detectIn({ 'pom.xml': pom('<plugin><artifactId>maven-assembly-plugin</artifactId><configuration><archive><manifest><mainClass>a.Main</mainClass></manifest></archive><descriptorRefs><descriptorRef>jar-with-dependencies</descriptorRef></descriptorRefs></configuration></plugin>') });
    expect(d.facts.modules[0]?.packaging).toEqual({ kind: 'fat-jar', jar: 'target/tool-1.0-jar-with-dependencies.jar', mainClass: 'a.Main' });
    expect(d.values.startCommand).toEqual(['java', '-jar', 'app.jar']);
  });

  it('exec-maven-plugin mainClass: dependencies copied next to the jar', async () => {
    const d = await detectIn({ 'pom.xml': pom('<plugin><groupId>org.codehaus.mojo</groupId><artifactId>exec-maven-plugin</artifactId><configuration><mainClass>a.Cli</mainClass></configuration></plugin>') });
    expect(d.facts.modules[0]?.packaging).toMatchObject({ kind: 'jar-with-lib', mainClass: 'a.Cli' });
    expect(d.values.startCommand).toEqual(['java', '-cp', 'app.jar:lib/*', 'a.Cli']);
  });

  it('maven-jar-plugin manifest without shade or assembly: a thin jar, dependencies copied next to it', async () => {
    const dir = await repo({ 'pom.xml': pom('<plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>a.Main</mainClass></manifest></archive></configuration></plugin>') });
    const d = await java.detect(await createProject(dir));
    expect(d?.facts.modules[0]?.packaging).toEqual({ kind: 'jar-with-lib', jar: 'target/tool-1.0.jar', mainClass: 'a.Main' });
    const result = await runCli([dir, '--yes', '--dry-run', '--json', '--only', 'dockerfile'], dir);
    const dockerfile = (JSON.parse(result.stdout) as JsonOutput).files[0]?.contents ?? '';
    expect(dockerfile).toContain('package org.apache.maven.plugins:maven-dependency-plugin:3.9.0:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib');
    expect(dockerfile).toContain('COPY --from=build /app/target/lib/ ./lib/\nCOPY --from=build /app/target/tool-1.0.jar ./app.jar\n');
    expect(dockerfile).toContain('ENTRYPOINT ["java", "-cp", "app.jar:lib/*", "a.Main"]');
  });

  describe('Gradle jar manifest Main-Class without the application or Shadow plugin', () => {
    const build = (deps: string, jar = "jar { manifest { attributes 'Main-Class': 'a.Main' } }"): Record<string, string> => ({
      'build.gradle': `plugins { id 'java' }\ndependencies {\n${deps}\n}\n${jar}\n`,
      'settings.gradle': "rootProject.name = 'tool'\n",
    });

    it('a thin jar with runtime dependencies gets them copied by an init-script task and runs with a class path', async () => {
      const files = build("    implementation 'com.google.code.gson:gson:2.11.0'\n    testImplementation 'org.junit.jupiter:junit-jupiter:5.11.0'");
      const d = await detectIn(files);
      expect(d.facts.modules[0]?.packaging).toEqual({ kind: 'jar-with-lib', jar: 'build/libs/tool.jar', mainClass: 'a.Main', lib: 'build/runtime-libs' });
      expect(d.values.startCommand).toEqual(['java', '-cp', 'app.jar:lib/*', 'a.Main']);
      const dir = await repo(files);
      const result = await runCli([dir, '--yes', '--dry-run', '--json', '--only', 'dockerfile'], dir);
      const dockerfile = (JSON.parse(result.stdout) as JsonOutput).files[0]?.contents ?? '';
      expect(dockerfile).toContain("COPY <<'GRADLE' /tmp/runtime-libs.gradle\n");
      expect(dockerfile).toContain("tasks.register('copyRuntimeLibs', Copy)");
      expect(dockerfile).toContain('gradle --no-daemon --init-script /tmp/runtime-libs.gradle jar copyRuntimeLibs\n');
      expect(dockerfile).toContain('COPY --from=build /app/build/runtime-libs/ ./lib/\nCOPY --from=build /app/build/libs/tool.jar ./app.jar\n');
    });

    it('only test or compile-only dependencies: the jar runs on its own', async () => {
      const d = await detectIn(build("    compileOnly 'org.projectlombok:lombok:1.18.36'\n    annotationProcessor 'org.projectlombok:lombok:1.18.36'\n    testImplementation 'junit:junit:4.13.2'"));
      expect(d.facts.modules[0]?.packaging).toMatchObject({ kind: 'plain-jar', mainClass: 'a.Main' });
      expect(d.values.startCommand).toEqual(['java', '-jar', 'app.jar']);
    });

    it('a jar task that bundles the runtime classpath is a fat jar', async () => {
      const d = await detectIn(build("    implementation 'com.google.code.gson:gson:2.11.0'", "jar {\n  manifest { attributes 'Main-Class': 'a.Main' }\n  duplicatesStrategy = DuplicatesStrategy.EXCLUDE\n  from { configurations.runtimeClasspath.collect { it.isDirectory() ? it : zipTree(it) } }\n}"));
      expect(d.facts.modules[0]?.packaging).toMatchObject({ kind: 'fat-jar', mainClass: 'a.Main' });
      expect(d.values.startCommand).toEqual(['java', '-jar', 'app.jar']);
    });
  });

  it('Gradle jar manifest Main-Class and mainClassName', async () => {
    const manifest = await detectIn({ 'build.gradle': "plugins { id 'java' }\njar { manifest { attributes 'Main-Class': 'a.Main' } }\n", 'settings.gradle': '' });
    expect(manifest.facts.modules[0]?.packaging).toMatchObject({ kind: 'plain-jar', mainClass: 'a.Main' });
    const legacy = await detectIn({ 'build.gradle': "apply plugin: 'application'\nmainClassName = 'a.Old'\n", 'settings.gradle': '' });
    expect(legacy.values.startCommand).toEqual(['java', '-cp', 'lib/*', 'a.Old']);
  });
});
