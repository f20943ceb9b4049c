import { missingFlag, usageError } from '../../errors.js';
import { execForm, quoted, safeVersion } from '../../safe.js';
import type { Detection, Plan, ResolvedOptions } from '../../types.js';
import { header, ociLabels } from '../shared.js';
import { cacheTarget, toolCommands } from './commands.js';
import { JAVA_TOOL_OPTIONS } from './defaults.js';
import { frameworkLabel, startCommand, type JavaFacts, type ModuleFacts } from './facts.js';
import { javaIgnore } from './ignore.js';
import { javaImages } from './images.js';
import { layoutFor } from './layout.js';

/** Modules pulled in reflectively (Unsafe, JNDI, JMX, agents, Kerberos) that jdeps cannot see. */
const JLINK_EXTRA_MODULES = 'jdk.unsupported,java.naming,java.management,java.instrument,java.security.jgss';
/** Development goals that recompile and reload changed sources themselves (Quarkus dev mode, Micronaut mn:run); the others restart on a sync. */
const RELOADING_DEV = new Set(['quarkus', 'micronaut']);
const PORT_ENV: Record<string, string> = { 'spring-boot': 'SERVER_PORT', quarkus: 'QUARKUS_HTTP_PORT', micronaut: 'MICRONAUT_SERVER_PORT' };

function chosenModule(detection: Detection<JavaFacts>, options: ResolvedOptions): ModuleFacts {
  const path = options.choices.module ?? detection.facts.defaultModule;
  const module = detection.facts.modules.find((m) => m.path === path);
  if (module === undefined) throw usageError(`--module ${path} is not a module of this build: use one of ${detection.facts.modules.map((m) => m.path).join(', ')}.`);
  return module;
}

/** The probe's argument: an HTTP URL (healthy below 500) or tcp:// (healthy when the port accepts). */
function probeWords(module: ModuleFacts, port: number): string[] | null {
  const probe = module.probe;
  if (probe === null) return null;
  const target = probe.port === module.port ? port : probe.port;
  const url = probe.kind === 'tcp' ? `tcp://127.0.0.1:${target}` : `http://127.0.0.1:${target}${probe.path}`;
  return ['java', '-Xmx32m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', '/probe', 'HealthProbe', url];
}

export function planJava(detection: Detection<JavaFacts>, options: ResolvedOptions, generatorVersion: string) {
  const facts = detection.facts;
  const module = chosenModule(detection, options);
  // resolve.ts fills startCommand/port from the default module; another module brings its own.
  const detectedStart = JSON.stringify(options.startCommand) === JSON.stringify(detection.values.startCommand);
  const own = startCommand(module);
  if (detectedStart && own === null && module.path !== detection.facts.defaultModule) {
    throw missingFlag('--cmd', `Module ${module.path} builds no runnable application, so the start command`);
  }
  const start = detectedStart ? (own ?? options.startCommand) : options.startCommand;
  const port = options.port === detection.values.port ? module.port : options.port;
  const version = safeVersion(options.languageVersion, 'the Java version');
  const jlink = options.features.jlink === true;
  const images = javaImages(facts.tool, facts.wrapper, version, options.base, jlink);
  const tool = toolCommands(facts, module);
  const layout = layoutFor(facts.tool, module);
  const probe = options.healthcheck && port !== null ? probeWords(module, port) : null;
  const portEnv = module.framework === null ? 'PORT' : (PORT_ENV[module.framework] as string);
  const env = [
    ...(jlink ? [{ name: 'JAVA_HOME', value: '/opt/java' }] : []),
    { name: 'JAVA_TOOL_OPTIONS', value: quoted(JAVA_TOOL_OPTIONS) },
    ...(port === null ? [] : [{ name: portEnv, value: String(port) }]),
  ];
  const framework = frameworkLabel(module.framework);
  const data = {
    header: header('Java', generatorVersion, `${facts.tool}${facts.wrapper ? ' wrapper' : ''}, ${framework ?? 'plain Java'}${module.path === '' ? '' : `, module ${module.path}`}`),
    args: images.args,
    buildImage: images.build,
    // Only builds that select a JDK toolchain get the toolchains.xml step.
    toolchain: facts.toolchain === undefined ? null : safeVersion(facts.toolchain === '' ? version : facts.toolchain, 'the toolchain version'),
    runtimeImage: images.runtime,
    gradle: facts.tool === 'gradle',
    wrapper: tool.wrapper,
    copyFirst: tool.copyFirst,
    cacheMount: tool.cacheMount,
    secretMount: tool.secretMount,
    resolve: tool.resolve,
    runtimeLibs: tool.runtimeLibs,
    build: tool.build,
    postBuild: layout.postBuild,
    cache: cacheTarget(facts),
    dev: { prepare: tool.devPrepare, bake: tool.devBake, env: tool.env, port, cmd: execForm(tool.dev) },
    test: tool.test,
    probe: probe !== null,
    jlink: jlink ? { jdeps: layout.jdeps, compress: Number(version) >= 21 ? 'zip-6' : '2', extra: JLINK_EXTRA_MODULES } : null,
    runtime: {
      userSetup: images.userSetup,
      env,
      copies: layout.copies,
      user: images.user,
      port,
      healthcheck: probe === null ? null : execForm(probe),
      entrypoint: execForm(start),
    },
    labels: ociLabels(facts.labels),
  };
  const watchRoot = module.path === '' ? '' : `${module.path}/`;
  return {
    stack: 'java',
    template: 'java/Dockerfile.hbs',
    data,
    ignore: javaIgnore(facts),
    image: {
      port,
      healthcheck: probe === null ? null : ['CMD', ...probe],
      user: images.user,
      tmpfs: ['/tmp'],
      targets: { development: 'development', test: 'test', production: 'production' },
      watch: { sync: module.sources, rebuild: facts.tool === 'maven' ? ['pom.xml', `${watchRoot}pom.xml`].filter((f, i, a) => a.indexOf(f) === i) : facts.buildFiles.filter((f) => f !== 'gradlew'), workdir: '/app', restart: !RELOADING_DEV.has(module.framework ?? '') },
      env: port === null ? {} : { [portEnv]: String(port) },
    },
    notes: notesFor(module, options, jlink),
  } satisfies Plan;
}

function notesFor(module: ModuleFacts, options: ResolvedOptions, jlink: boolean): string[] {
  const notes: string[] = [];
  if (module.framework === null && options.healthcheck) notes.push(`The HEALTHCHECK only checks that port ${options.port ?? module.port} accepts connections; pass --no-healthcheck for an app that does not listen.`);
  if (jlink) notes.push('--jlink: the runtime holds only the modules jdeps found plus a few loaded by reflection; run the test suite against the image and add modules to the jlink line if a class is missing.');
  return notes;
}

/** The plan of a Java app, and the data java/Dockerfile.hbs lays out. */
export type JavaTemplateData = ReturnType<typeof planJava>['data'];
export type JavaPlan = Plan<'java/Dockerfile.hbs', JavaTemplateData>;
