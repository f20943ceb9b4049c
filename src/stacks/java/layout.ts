import { safePath } from '../../safe.js';
import { copy, type Copy } from '../copy.js';
import type { BuildTool, ModuleFacts } from './facts.js';

/**
 * When the jar name is computed at build time: the only application jar in `dir` (files matching
 * `excludes` left out) is copied to `jar`; zero or several candidates fail the build with the
 * list, instead of a glob copying the wrong one.
 */
export interface SelectJar {
  readonly dir: string;
  readonly excludes: readonly string[];
  readonly jar: string;
  readonly jarDir: string;
}

/** Spring Boot's layer extraction: `tools` (Boot 3.3+) or the older `layertools` jar mode. */
export interface SpringExtract {
  readonly tools: boolean;
  readonly jar: string;
  readonly dest: string;
  /** Folders made after extraction: an empty layer (no SNAPSHOT dependencies) may not be written, and COPY needs each. */
  readonly layers: readonly string[];
}

/** The RUN steps after the build, in this order; together they create every path `copies` reads. */
export interface PostBuild {
  readonly selectJar: SelectJar | null;
  readonly springExtract: SpringExtract | null;
  /** A folder the build may leave out (no runtime libraries) that the production stage copies. */
  readonly ensureDir: string | null;
}

/** What the build stage leaves where, and what the production stage copies from it. */
export interface Layout {
  readonly postBuild: PostBuild;
  /** COPYs of the production stage, in cache order (dependencies before application code). */
  readonly copies: readonly Copy[];
  /** jdeps arguments (class path and inputs) for a jlink runtime. */
  readonly jdeps: string;
}

export const SPRING_LAYERS = ['dependencies', 'spring-boot-loader', 'snapshot-dependencies', 'application'] as const;
const JAR_EXCLUDES = ['*-plain.jar', '*-sources.jar', '*-javadoc.jar', '*-tests.jar', 'original-*.jar'];


export function layoutFor(tool: BuildTool, module: ModuleFacts): Layout {
  const m = module.path === '' ? '' : `${safePath(module.path)}/`;
  const out = tool === 'maven' ? `${m}target` : `${m}build`;
  const libsDir = tool === 'maven' ? `${m}target` : `${m}build/libs`;
  const from = (path: string, dest: string): Copy => copy(`/app/${path}`, dest, { from: 'build' });
  let selectJar: SelectJar | null = null;
  const post = (rest: Partial<PostBuild> = {}): PostBuild => ({ selectJar, springExtract: null, ensureDir: null, ...rest });
  const jarPath = (jar: string | null): string => {
    if (jar !== null) return `${m}${safePath(jar)}`;
    selectJar = { dir: libsDir, excludes: JAR_EXCLUDES, jar: `${out}/selected/app.jar`, jarDir: `${out}/selected` };
    return `${out}/selected/app.jar`;
  };
  const p = module.packaging;
  switch (p.kind) {
    case 'spring-boot': {
      const jar = jarPath(p.jar);
      const dest = `${out}/extracted`;
      return {
        postBuild: post({ springExtract: { tools: p.extractor === 'tools', jar, dest, layers: SPRING_LAYERS } }),
        copies: SPRING_LAYERS.map((l) => from(`${dest}/${l}/`, './')),
        jdeps: `--class-path '${dest}/dependencies/BOOT-INF/lib/*' --recursive ${dest}/application/BOOT-INF/classes`,
      };
    }
    case 'quarkus': {
      const dir = `${m}${safePath(p.dir)}`;
      return {
        postBuild: post(),
        copies: [from(`${dir}/lib/`, './lib/'), from(`${dir}/quarkus-run.jar`, './'), from(`${dir}/app/`, './app/'), from(`${dir}/quarkus/`, './quarkus/')],
        jdeps: `${dir}/lib/main/*.jar ${dir}/app/*.jar`,
      };
    }
    case 'jar-with-lib': {
      const jar = jarPath(p.jar);
      const lib = `${m}${safePath(p.lib ?? 'target/lib')}`;
      return { postBuild: post({ ensureDir: lib }), copies: [from(`${lib}/`, './lib/'), from(jar, './app.jar')], jdeps: `--class-path '${lib}/*' --recursive ${jar}` };
    }
    case 'install-dist': {
      const dir = `${m}${safePath(p.dir)}`;
      return { postBuild: post(), copies: [from(`${dir}/lib/`, './lib/')], jdeps: `${dir}/lib/*.jar` };
    }
    case 'fat-jar':
    case 'plain-jar': {
      const jar = jarPath(p.jar);
      return { postBuild: post(), copies: [from(jar, './app.jar')], jdeps: jar };
    }
  }
}
