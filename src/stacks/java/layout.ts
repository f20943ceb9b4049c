import { safePath } from '../../safe.js';
import type { BuildTool, ModuleFacts } from './facts.js';

/** What the build stage leaves where, and what the production stage copies from it. */
export interface Layout {
  /**
   * RUN instructions after the build (layer extraction, jar selection), each as its lines (the
   * template keeps values single-line); together they create every path `copies` reads.
   */
  readonly postBuild: readonly (readonly string[])[];
  /** COPY lines of the production stage, in cache order (dependencies before application code). */
  readonly copies: readonly string[];
  /** jdeps arguments (class path and inputs) for a jlink runtime. */
  readonly jdeps: string;
}

export const SPRING_LAYERS = ['dependencies', 'spring-boot-loader', 'snapshot-dependencies', 'application'] as const;
const JAR_EXCLUDES = ['*-plain.jar', '*-sources.jar', '*-javadoc.jar', '*-tests.jar', 'original-*.jar'];

/**
 * When the jar name is computed at build time, take the only application jar and give it a fixed
 * name; zero or several candidates fail the build with the list, instead of a glob copying the wrong one.
 */
function selectJar(outDir: string, selected: string): string[] {
  const excludes = JAR_EXCLUDES.map((p) => `! -name '${p}'`).join(' ');
  return [
    `RUN set -- $(find ${outDir} -maxdepth 1 -name '*.jar' ${excludes}) \\`,
    `    && if [ "$#" -ne 1 ]; then echo "expected one application jar in ${outDir}, found: $*" >&2; exit 1; fi \\`,
    `    && mkdir -p ${selected.slice(0, selected.lastIndexOf('/'))} && cp "$1" ${selected}`,
  ];
}

export function layoutFor(tool: BuildTool, module: ModuleFacts): Layout {
  const m = module.path === '' ? '' : `${safePath(module.path)}/`;
  const out = tool === 'maven' ? `${m}target` : `${m}build`;
  const libsDir = tool === 'maven' ? `${m}target` : `${m}build/libs`;
  const from = (path: string, dest: string): string => `COPY --from=build /app/${path} ${dest}`;
  const post: string[][] = [];
  const jarPath = (jar: string | null): string => {
    if (jar !== null) return `${m}${safePath(jar)}`;
    post.push(selectJar(libsDir, `${out}/selected/app.jar`));
    return `${out}/selected/app.jar`;
  };
  const p = module.packaging;
  switch (p.kind) {
    case 'spring-boot': {
      const jar = jarPath(p.jar);
      const dest = `${out}/extracted`;
      const extract = p.extractor === 'tools'
        ? `java -Djarmode=tools -jar ${jar} extract --layers --launcher --destination ${dest}`
        : `java -Djarmode=layertools -jar ${jar} extract --destination ${dest}`;
      // An empty layer (no SNAPSHOT dependencies) may not be written; COPY needs every folder to exist.
      post.push([`RUN ${extract} \\`, `    && mkdir -p ${SPRING_LAYERS.map((l) => `${dest}/${l}`).join(' ')}`]);
      return {
        postBuild: post,
        copies: SPRING_LAYERS.map((l) => from(`${dest}/${l}/`, './')),
        jdeps: `--class-path '${dest}/dependencies/BOOT-INF/lib/*' --recursive ${dest}/application/BOOT-INF/classes`,
      };
    }
    case 'quarkus': {
      const dir = `${m}${safePath(p.dir)}`;
      return {
        postBuild: post,
        copies: [from(`${dir}/lib/`, './lib/'), from(`${dir}/quarkus-run.jar`, './'), from(`${dir}/app/`, './app/'), from(`${dir}/quarkus/`, './quarkus/')],
        jdeps: `${dir}/lib/main/*.jar ${dir}/app/*.jar`,
      };
    }
    case 'jar-with-lib': {
      const jar = jarPath(p.jar);
      const lib = `${m}${safePath(p.lib ?? 'target/lib')}`;
      post.push([`RUN mkdir -p ${lib}`]);
      return { postBuild: post, copies: [from(`${lib}/`, './lib/'), from(jar, './app.jar')], jdeps: `--class-path '${lib}/*' --recursive ${jar}` };
    }
    case 'install-dist': {
      const dir = `${m}${safePath(p.dir)}`;
      return { postBuild: post, copies: [from(`${dir}/lib/`, './lib/')], jdeps: `${dir}/lib/*.jar` };
    }
    case 'fat-jar':
    case 'plain-jar': {
      const jar = jarPath(p.jar);
      return { postBuild: post, copies: [from(jar, './app.jar')], jdeps: jar };
    }
  }
}
